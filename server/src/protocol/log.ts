// How the server reports its own failures: in the client's log, never as a request error, so
// one bad answer does not break the editor's feature.
import type { Connection } from 'vscode-languageserver/node';

export function logInternalError(connection: Connection, error: unknown): void {
  connection.console.error(`Handbook Roles internal error: ${(error as Error).stack ?? error}`);
}
