// `workspace/executeCommand`: the commands any LSP client can run, each answered by a feature
// through `handle` (so it waits for the index, answers cancellation and contains errors like every
// request). A command's one argument names its document as a request's params do.
import { ErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocumentIdentifier } from 'vscode-languageserver/node';
import type { Position } from 'vscode-languageserver-types';
import { EFFECTIVE_ROLE_COMMAND, effectiveRoleAt, type EffectiveRoleAnswer } from '../features/effectiveRole';
import { LADDER_GRAPH_COMMAND, ladderGraphFor, type LadderAnswer, type LadderRequest } from '../features/ladder/ladderCommand';
import type { Handle } from './handle';

type EffectiveRoleParams = { readonly textDocument: TextDocumentIdentifier; readonly position: Position };
type LadderParams = { readonly textDocument: TextDocumentIdentifier } & LadderRequest;

/** A command's handler; `argument` is checked by `handle` as a request's params are. */
type CommandHandler = (argument: unknown, token: CancellationToken) => Promise<unknown>;

/** The commands, for the `executeCommandProvider` capability. */
export const SERVER_COMMANDS = [EFFECTIVE_ROLE_COMMAND, LADDER_GRAPH_COMMAND];

export function answerCommands(connection: Connection, handle: Handle): void {
  const effectiveRole = handle<EffectiveRoleParams, EffectiveRoleAnswer | null>(null, ({ params, index, file, token }) => effectiveRoleAt(index, file, params.position, token));
  const ladder = handle<LadderParams, LadderAnswer | null>(null, ({ params, index, file }) => ladderGraphFor(index, file, params));
  const commands = new Map<string, CommandHandler>([
    [EFFECTIVE_ROLE_COMMAND, (argument, token) => effectiveRole(argument as EffectiveRoleParams, token)],
    [LADDER_GRAPH_COMMAND, (argument, token) => ladder(argument as LadderParams, token)],
  ]);
  connection.onExecuteCommand(async ({ command, arguments: args }, token) => {
    const handler = commands.get(command);
    if (!handler) return new ResponseError(ErrorCodes.InvalidParams, `Unknown command "${command}": this server runs ${SERVER_COMMANDS.join(', ')}.`);
    return handler(args?.[0], token);
  });
}
