// Turns the typed errors of the layers below into typed RPC errors, so a user sees "the
// password is wrong" rather than "accounts.login failed". `data.reason` carries the layer's
// own code for programs to switch on.

import type { Contract } from '../../shared/rpc/contract.ts';
import { RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import type { Handlers } from '../../shared/rpc/server.ts';
import { IdentityError, type IdentityErrorCode, MnemonicError } from '../identity/errors.ts';
import { StorageError, type StorageErrorCode } from '../storage/errors.ts';

const IDENTITY_CODES: Record<IdentityErrorCode, RpcErrorCode> = {
  INVALID_KEY: RpcErrorCode.InvalidParams,
  INVALID_MNEMONIC: RpcErrorCode.InvalidParams,
  INVALID_ARGUMENT: RpcErrorCode.InvalidParams,
  WRONG_PASSWORD: RpcErrorCode.Forbidden,
  NOT_LOGGED_IN: RpcErrorCode.Forbidden,
  ACCOUNT_NOT_FOUND: RpcErrorCode.NotFound,
  MNEMONIC_REMOVED: RpcErrorCode.NotFound,
  ACCOUNT_EXISTS: RpcErrorCode.Conflict,
  CORRUPT_KEYSTORE: RpcErrorCode.Internal,
  DATA_UNAVAILABLE: RpcErrorCode.Internal,
};

const STORAGE_CODES: Record<StorageErrorCode, RpcErrorCode> = {
  WRONG_KEY: RpcErrorCode.Internal,
  CORRUPT: RpcErrorCode.Internal,
  SCHEMA_TOO_NEW: RpcErrorCode.Internal,
  MIGRATION_FAILED: RpcErrorCode.Internal,
  DATA_DIR_LOCKED: RpcErrorCode.Conflict,
};

export function toRpcError(error: unknown): unknown {
  if (error instanceof MnemonicError) {
    return new RpcError(IDENTITY_CODES[error.code], error.message, {
      reason: error.code,
      problem: error.problem,
      positions: error.positions,
    });
  }
  if (error instanceof IdentityError)
    return new RpcError(IDENTITY_CODES[error.code], error.message, { reason: error.code });
  if (error instanceof StorageError)
    return new RpcError(STORAGE_CODES[error.code], error.message, { reason: error.code });
  return error;
}

/** Wraps every handler so layer errors leave the core as typed RPC errors. */
export function mapLayerErrors<C extends Contract>(handlers: Handlers<C>): Handlers<C> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<[string, (...args: unknown[]) => unknown]>) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        throw toRpcError(error);
      }
    };
  }
  return wrapped as Handlers<C>;
}
