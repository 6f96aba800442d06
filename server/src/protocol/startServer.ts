// The language server on a connection: what it offers the client, and every request and
// notification wired to the model and the features. Everything that depends on the client's
// initialize parameters (its capabilities, folders and settings) is built when they arrive.
import { TextDocuments, TextDocumentSyncKind, type ClientCapabilities, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from '../features/codeActions';
import { COMPLETION_TRIGGER_CHARACTERS } from '../features/completion';
import { SettingsSource } from './configuration';
import { DiagnosticsPublisher } from './diagnostics';
import { answerFileMoves, FILE_MOVE_FILTERS } from './fileMoves';
import { syncDocuments } from './documents';
import { handleWith } from './handle';
import { Indexing, type FactsCacheOptions } from './indexing';
import { logInternalError } from './log';
import { answerCommands, SERVER_COMMANDS } from './commands';
import { answerRequests } from './requests';
import { followWatchedFiles, registerFileWatchers } from './watchedFiles';
import { collectWhenIdle } from './idleCollection';
import { keepDiagnosticsBetweenSessions } from './storedDiagnostics';
import { filePathOf } from './uris';
import { allocateYoung, limitYoungGeneration, SEMI_SPACE_MB } from '../model/base/youngGeneration';

/** The request that reads the whole handbook again (VS Code's client sends it for its command of that name). */
export const REINDEX_REQUEST = 'handbookRoles/reindex';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize((params) => initialize(connection, documents, params));
  process.on('uncaughtException', (error) => logInternalError(connection, error));
  documents.listen(connection);
  connection.listen();
}

function initialize(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams): InitializeResult {
  const client = params.capabilities;
  const options = params.initializationOptions as { settings?: unknown; storagePath?: unknown; cache?: unknown } | undefined;
  const settings: SettingsSource = new SettingsSource(connection, client.workspace?.configuration ?? false, options?.settings, () => indexing.workspaceFolders);
  const indexing = new Indexing(connection, client, documents, workspaceFoldersOf(params), settings.initial, factsCacheOptions(options));
  const diagnostics = new DiagnosticsPublisher(connection, documents, indexing);
  // A big handbook's first build is where the young generation grows (see youngGeneration.ts):
  // after it the limit, if reached, stays, and the watch (a timer) ends.
  allocateYoung();
  const stopWatchingHeap = limitYoungGeneration(SEMI_SPACE_MB);
  indexing.onDidBuild(() => {
    stopWatchingHeap();
    diagnostics.publishAll();
  });
  // Written once every file's diagnostics are out: the editor never waits for it.
  diagnostics.onDidPublish(() => setImmediate(() => indexing.saveFactsCache()));
  // Each publish leaves garbage: collected once the author pauses (see idleCollection.ts).
  diagnostics.onDidPublish(collectWhenIdle());
  // An unchanged handbook's diagnostics are published at the next start before it is indexed.
  keepDiagnosticsBetweenSessions(connection, documents, indexing, diagnostics);

  // A configuration file changed, or the folders that may hold one: the settings are read again.
  // A new diagnostics scope needs no build: the publisher shows or clears the files that are not open.
  const settingsChanged = () => {
    indexing.reindex(() => settings.fetch());
    diagnostics.settingsChanged();
  };
  const initialized = followWorkspace(connection, client, indexing, settingsChanged);
  // The first build asks the client for settings, which it may only be asked once initialized.
  indexing.reindex(async () => {
    await initialized;
    return settings.fetch();
  });

  syncDocuments(documents, indexing, diagnostics);
  followWatchedFiles(connection, documents, indexing, diagnostics, settingsChanged);
  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    indexing.reindex(() => settings.fetch(pushed));
    diagnostics.settingsChanged();
  });
  // "Re-index Handbook" (any client may send it): answered once the handbook is read again.
  connection.onRequest(REINDEX_REQUEST, () => indexing.readAgain());
  answerRequests(connection, documents, client, handleWith(connection, indexing));
  answerFileMoves(connection, client, indexing);
  answerCommands(connection, handleWith(connection, indexing));

  return {
    capabilities: {
      // Offsets are JavaScript string indexes, so characters are UTF-16 code units (LSP's default, said outright).
      positionEncoding: 'utf-16',
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
      definitionProvider: true,
      documentLinkProvider: { resolveProvider: false },
      referencesProvider: true,
      codeLensProvider: { resolveProvider: true },
      documentSymbolProvider: { label: 'Handbook Roles' },
      workspaceSymbolProvider: true,
      typeHierarchyProvider: true,
      renameProvider: { prepareProvider: true },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true }, fileOperations: { willRename: FILE_MOVE_FILTERS } },
    },
    serverInfo: { name: 'handbook-roles-language-server' },
  };
}

/** Once the client is initialized: watches files and follows folder changes, where the client can; settles then. */
function followWorkspace(connection: Connection, client: ClientCapabilities, indexing: Indexing, settingsChanged: () => void): Promise<void> {
  return new Promise((resolve) => {
    connection.onInitialized(() => {
      if (client.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
          indexing.changeFolders(fileFoldersOf(added), fileFoldersOf(removed));
          settingsChanged();
        });
      }
      const watchers = client.workspace?.didChangeWatchedFiles?.dynamicRegistration ? registerFileWatchers(connection) : Promise.resolve();
      // A client that refuses the registration leaves the server without file events, not without
      // an index: every request waits for this to settle.
      void watchers.catch((error: unknown) => logInternalError(connection, error)).finally(resolve);
    });
  });
}

/** `storagePath`: the folder for the server's own state (a string); `cache: false` keeps none. */
function factsCacheOptions(options: { storagePath?: unknown; cache?: unknown } | undefined): FactsCacheOptions {
  return { storagePath: typeof options?.storagePath === 'string' && options.storagePath !== '' ? options.storagePath : undefined, enabled: options?.cache !== false };
}

function workspaceFoldersOf(params: InitializeParams): string[] {
  if (params.workspaceFolders) return fileFoldersOf(params.workspaceFolders);
  return params.rootUri ? fileFoldersOf([{ uri: params.rootUri }]) : params.rootPath ? [params.rootPath] : [];
}

/** The folders on disk: a folder of another scheme (`vscode-vfs:`, say) is not the local folder its path happens to name. */
function fileFoldersOf(folders: readonly { readonly uri: string }[]): string[] {
  return folders.flatMap((folder) => filePathOf(folder.uri) ?? []);
}
