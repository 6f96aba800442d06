// `workspace/willRenameFiles`: the client asks, before it moves files or folders, for the edit
// that keeps the handbook's links whole (features/fileMoves.ts). No document is involved, so this
// is not a `handle` request; it waits for the index the same way and contains errors the same way.
import { MessageType, ShowMessageNotification, type ClientCapabilities, type Connection, type FileOperationRegistrationOptions, type WorkspaceEdit } from 'vscode-languageserver/node';
import { provideFileMoves } from '../features/fileMoves';
import type { FileMove } from '../model/edits/moves';
import type { Indexing } from './indexing';
import { logInternalError } from './log';
import { filePathOf } from './uris';

/** Markdown files, and folders (which may hold pages or include files): what a move can change links to. */
export const FILE_MOVE_FILTERS: FileOperationRegistrationOptions = {
  filters: [
    { scheme: 'file', pattern: { glob: '**/*.{md,markdown}', matches: 'file', options: { ignoreCase: true } } },
    { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } },
  ],
};

export function answerFileMoves(connection: Connection, client: ClientCapabilities, indexing: Indexing): void {
  const annotations = client.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined;
  connection.workspace.onWillRenameFiles(async ({ files }, token): Promise<WorkspaceEdit | null> => {
    try {
      const index = await indexing.whenReady();
      const moves: FileMove[] = files.flatMap(({ oldUri, newUri }) => {
        const [from, to] = [filePathOf(oldUri), filePathOf(newUri)];
        return from !== undefined && to !== undefined ? [{ from, to }] : [];
      });
      if (token.isCancellationRequested || moves.length === 0) return null;
      const { edit, message } = await provideFileMoves(index, moves, { annotations });
      // A notification, not showMessageRequest: there is nothing for the person to choose.
      if (message) void connection.sendNotification(ShowMessageNotification.type, { type: message.severity === 'error' ? MessageType.Error : MessageType.Warning, message: message.text });
      return edit ?? null;
    } catch (error) {
      logInternalError(connection, error);
      return null;
    }
  });
}
