// Files changed on disk, as the client's watcher reports them: a Hugo config change reads the
// handbook again, a .handbook-roles.yaml change the settings; any other change reads again the
// handbook files it is about.
import { DidChangeWatchedFilesNotification, FileChangeType, WatchKind, type Connection, type DidChangeWatchedFilesParams, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { filesAffectedBy, type FileChange } from '../model/index/changedFiles';
import type { HandbookIndex } from '../model/index/handbookIndex';
import { HUGO_CONFIG_GLOBS, isHugoConfigFile } from '../model/site/hugoConfig';
import { CONFIG_FILE_GLOB, isConfigFileName } from '../model/base/configFile';
import * as path from 'node:path';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Indexing } from './indexing';
import { notificationHandler } from './log';
import { filePathOf } from './uris';

/** Asks the client to watch pages, includes and Hugo config files. */
export async function registerFileWatchers(connection: Connection): Promise<void> {
  await connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [
      { globPattern: '**/*.{md,markdown}' },
      ...HUGO_CONFIG_GLOBS.map((globPattern) => ({ globPattern })),
      { globPattern: CONFIG_FILE_GLOB },
      // Folders: a deleted or moved folder of pages or includes comes as one event for the folder.
      { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
    ],
  });
}

const CHANGES: Record<FileChangeType, FileChange> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export function followWatchedFiles(connection: Connection, documents: TextDocuments<TextDocument>, indexing: Indexing, diagnostics: DiagnosticsPublisher, settingsChanged: () => void): void {
  connection.onDidChangeWatchedFiles(
    notificationHandler(connection, async ({ changes }: DidChangeWatchedFilesParams) => {
      await indexing.whenReady();
      const changed = changes.flatMap((change) => {
        const path = filePathOf(change.uri);
        return path === undefined ? [] : [{ path, type: change.type }];
      });
      if (changed.some((change) => isConfigFileName(path.basename(change.path)))) settingsChanged();
      if (changed.some((change) => isHugoConfigFile(change.path))) {
        indexing.reindex();
        return;
      }
      const readAgain = async (into: HandbookIndex, beforeReading: (file: string) => void = () => undefined) => {
        for (const change of changed) {
          for (const file of await filesAffectedBy(into, change.path, CHANGES[change.type])) {
            beforeReading(file);
            // An open document's text is the editor's; the disk catches up when it is saved or closed.
            if (change.type === FileChangeType.Deleted || !documents.get(URI.file(file).toString())) await into.refreshFile(file);
          }
        }
      };
      // An index being built may have listed or read these files before they changed.
      indexing.madeChange(readAgain);
      // The publisher is told of each file before it is read again (what pointed at it then) and after (what points at it now).
      const readFiles: string[] = [];
      await readAgain(indexing.current, (file) => {
        readFiles.push(file);
        diagnostics.filesChanged([file]);
      });
      diagnostics.filesChanged(readFiles);
    }),
  );
}
