// How the server reports its own failures: in the client's log, never as a request error, so
// one bad answer does not break the editor's feature.
import type { Connection } from 'vscode-languageserver/node';

export function logInternalError(connection: Connection, error: unknown): void {
  connection.console.error(`Handbook Roles internal error: ${describeError(error)}`);
}

/** The stack of an Error, else whatever was thrown, as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * A notification handler whose failures are logged. The JSON-RPC connection drops what a
 * notification handler returns, so a rejected promise would reach only the process's
 * unhandled-rejection hook, without saying which notification failed.
 */
export function notificationHandler<Params>(connection: Connection, handle: (params: Params) => Promise<void>): (params: Params) => void {
  return (params) => {
    handle(params).catch((error: unknown) => logInternalError(connection, error));
  };
}
