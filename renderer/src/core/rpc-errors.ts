// What to tell the user about a failed call: the core's own message for typed layer errors,
// the first failing rule for invalid params.
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';

export function describeRpcError(error: unknown): string {
  if (error instanceof RpcError) {
    if (error.code === RpcErrorCode.InvalidParams) {
      const issues = (error.data as { issues?: Array<{ message: string }> } | undefined)?.issues;
      if (issues?.[0]) return capitalise(issues[0].message);
    }
    if (error.code === RpcErrorCode.Timeout) return 'The core did not answer in time. Try again.';
    if (error.code === RpcErrorCode.Closed) return 'The connection to the core was lost.';
    return capitalise(error.message);
  }
  return error instanceof Error ? error.message : String(error);
}

/** The machine-readable reason a layer gave, e.g. 'WRONG_PASSWORD'. */
export function rpcErrorReason(error: unknown): string | undefined {
  return error instanceof RpcError ? (error.data as { reason?: string } | undefined)?.reason : undefined;
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0]?.toUpperCase() + text.slice(1) : text;
}
