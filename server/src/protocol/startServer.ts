// The language server on a connection: what it offers the client, and every request and
// notification wired to the model and the features. Everything that depends on the client's
// initialize parameters (its capabilities, folders and settings) is built when they arrive.
import { TextDocuments, TextDocumentSyncKind, type ClientCapabilities, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COMPLETION_TRIGGER_CHARACTERS } from '../features/completion';
import type { HandbookSettings } from '../model/base/settings';
import { SettingsSource } from './configuration';
import { DiagnosticsPublisher } from './diagnostics';
import { syncDocuments } from './documents';
import { handleWith } from './handle';
import { Indexing } from './indexing';
import { logInternalError } from './log';
import { answerCommands, SERVER_COMMANDS } from './commands';
import { answerRequests } from './requests';
import { followWatchedFiles, registerFileWatchers } from './watchedFiles';
import { filePathOf } from './uris';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize((params) => initialize(connection, documents, params));
  process.on('uncaughtException', (error) => logInternalError(connection, error));
  documents.listen(connection);
  connection.listen();
}

function initialize(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams): InitializeResult {
  const client = params.capabilities;
  const options = params.initializationOptions as { settings?: unknown } | undefined;
  const settings: SettingsSource = new SettingsSource(connection, client.workspace?.configuration ?? false, options?.settings, (): HandbookSettings => indexing.settings);
  const indexing = new Indexing(connection, client, documents, workspaceFoldersOf(params), settings.initial);
  const diagnostics = new DiagnosticsPublisher(connection, documents, indexing);
  indexing.onDidBuild(() => diagnostics.publishAll());

  const initialized = followWorkspace(connection, client, indexing);
  // The first build asks the client for settings, which it may only be asked once initialized.
  indexing.reindex(async () => {
    await initialized;
    return settings.fetch();
  });

  syncDocuments(documents, indexing, diagnostics);
  followWatchedFiles(connection, documents, indexing, diagnostics);
  connection.onDidChangeConfiguration(({ settings: pushed }) => indexing.reindex(() => settings.fetch(pushed)));
  answerRequests(connection, documents, client, handleWith(connection, indexing));
  answerCommands(connection, handleWith(connection, indexing));

  return {
    capabilities: {
      // Offsets are JavaScript string indexes, so characters are UTF-16 code units (LSP's default, said outright).
      positionEncoding: 'utf-16',
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      definitionProvider: true,
      documentLinkProvider: { resolveProvider: false },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'handbook-roles-language-server' },
  };
}

/** Once the client is initialized: watches files and follows folder changes, where the client can; settles then. */
function followWorkspace(connection: Connection, client: ClientCapabilities, indexing: Indexing): Promise<void> {
  return new Promise((resolve) => {
    connection.onInitialized(() => {
      if (client.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => indexing.changeFolders(fileFoldersOf(added), fileFoldersOf(removed)));
      }
      const watchers = client.workspace?.didChangeWatchedFiles?.dynamicRegistration ? registerFileWatchers(connection) : Promise.resolve();
      // A client that refuses the registration leaves the server without file events, not without
      // an index: every request waits for this to settle.
      void watchers.catch((error: unknown) => logInternalError(connection, error)).finally(resolve);
    });
  });
}

function workspaceFoldersOf(params: InitializeParams): string[] {
  if (params.workspaceFolders) return fileFoldersOf(params.workspaceFolders);
  return params.rootUri ? fileFoldersOf([{ uri: params.rootUri }]) : params.rootPath ? [params.rootPath] : [];
}

/** The folders on disk: a folder of another scheme (`vscode-vfs:`, say) is not the local folder its path happens to name. */
function fileFoldersOf(folders: readonly { readonly uri: string }[]): string[] {
  return folders.flatMap((folder) => filePathOf(folder.uri) ?? []);
}
