import { CodedError } from '../../shared/coded-error.ts';
export const StorageErrorCode = {
  WrongKey: 'WRONG_KEY',
  Corrupt: 'CORRUPT',
  TooNew: 'SCHEMA_TOO_NEW',
  Migration: 'MIGRATION_FAILED',
  Locked: 'DATA_DIR_LOCKED',
} as const;
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

export class StorageError extends CodedError<StorageErrorCode> {}
