// The language server's wiring and nothing else: LSP requests in, model + feature answers out.
// Every answer is computed by server/src/features from the handbook model in server/src/model.
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  WatchKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { provideCodeActions } from './features/codeActions';
import { COMPLETION_TRIGGER_CHARACTERS, provideCompletions } from './features/completion';
import { computeDiagnostics } from './features/diagnostics/diagnostics';
import { provideHover } from './features/hover';
import { provideDefinition, provideDocumentLinks } from './features/navigation';
import { HandbookIndex } from './model/index/handbookIndex';
import type { IndexedFile } from './model/index/indexedFile';
import { readSettings, type HandbookSettings } from './model/base/settings';
import { isInside, NodeWorkspace } from './model/base/workspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const CONFIG_FILE = /(^|[\\/])(hugo|config)\.(toml|ya?ml|json)$|[\\/]config[\\/]_default[\\/]/;

let index: HandbookIndex | undefined;
let announceInitialized: () => void = () => {};
const initialized = new Promise<void>((resolve) => (announceInitialized = resolve));
/** Settles when the index is built; every request waits for it. */
let ready: Promise<void> = initialized.then(async () => rebuild(await fetchSettings()));
let clientCapabilities: InitializeParams['capabilities'] = {};
let workspaceFolders: string[] = [];
let initialSettings: HandbookSettings = readSettings(undefined);

connection.onInitialize((params): InitializeResult => {
  clientCapabilities = params.capabilities;
  const folders = params.workspaceFolders?.map((folder) => URI.parse(folder.uri).fsPath) ??
    (params.rootUri ? [URI.parse(params.rootUri).fsPath] : params.rootPath ? [params.rootPath] : []);
  const options = params.initializationOptions as { settings?: unknown } | undefined;
  initialSettings = readSettings(options?.settings);
  workspaceFolders = folders;
  index = new HandbookIndex(new NodeWorkspace(folders), initialSettings);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      definitionProvider: true,
      documentLinkProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'handbook-roles-language-server' },
  };
});

connection.onInitialized(async () => {
  if (clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.{md,markdown}' },
        { globPattern: '**/{hugo,config}.{toml,yaml,yml,json}' },
        { globPattern: '**/config/_default/*' },
        // Folders: a deleted or moved folder of pages or includes comes as one event for the folder.
        { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
      ],
    });
  }
  if (clientCapabilities.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      const gone = new Set(removed.map((folder) => URI.parse(folder.uri).fsPath));
      workspaceFolders = [...workspaceFolders.filter((folder) => !gone.has(folder)), ...added.map((folder) => URI.parse(folder.uri).fsPath)];
      reindex(async () => index!.currentSettings, workspaceFolders);
    });
  }
  announceInitialized();
});

/** The settings: asked of the client when it can answer, else those it pushed with the change, else the last known. */
async function fetchSettings(pushed?: unknown): Promise<HandbookSettings> {
  if (!clientCapabilities.workspace?.configuration) {
    const section = (pushed as { handbookRoles?: unknown } | null | undefined)?.handbookRoles;
    return section === undefined ? (index?.currentSettings ?? initialSettings) : readSettings(section);
  }
  try {
    return readSettings(await connection.workspace.getConfiguration('handbookRoles'));
  } catch {
    return initialSettings;
  }
}

/** Reads the whole handbook, showing work-done progress, then checks the open documents. */
async function rebuild(settings: HandbookSettings): Promise<void> {
  const progress = clientCapabilities.window?.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Handbook Roles', 0, 'Indexing the handbook…', false);
  const started = Date.now();
  try {
    let lastReport = 0;
    await index!.updateSettings(settings, (done, total) => {
      const now = Date.now();
      if (now - lastReport < 100 && done !== total) return;
      lastReport = now;
      progress?.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} files`);
    });
    for (const document of documents.all()) index!.setOpenText(URI.parse(document.uri).fsPath, document.getText());
    for (const problem of index!.siteList.flatMap((site) => site.problems)) connection.window.showWarningMessage(`Handbook Roles: ${problem}`);
    for (const note of index!.notes) connection.console.warn(note);
    connection.console.info(`Indexed ${[...index!.allFiles()].length} files in ${Date.now() - started} ms.`);
  } catch (error) {
    connection.console.error(`Indexing failed: ${(error as Error).stack ?? error}`);
    connection.window.showErrorMessage(`Handbook Roles could not index the handbook: ${(error as Error).message}`);
  } finally {
    progress?.done();
  }
  publishAll();
}

let publishScheduled = false;
/** Diagnostics of every open document: one edit can break links in others. */
function publishAll(): void {
  if (publishScheduled) return;
  publishScheduled = true;
  setImmediate(() => {
    publishScheduled = false;
    for (const document of documents.all()) publish(document.uri);
  });
}

function publish(uri: string): void {
  const file = fileOf(uri);
  const diagnostics = file ? safely(() => computeDiagnostics(index!, file), []) : [];
  // The version tells the client which text these diagnostics describe, so it can drop stale ones.
  void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
}

function fileOf(uri: string): IndexedFile | undefined {
  return index?.get(URI.parse(uri).fsPath);
}

function safely<T>(compute: () => T, fallback: T): T {
  try {
    return compute();
  } catch (error) {
    connection.console.error(`Handbook Roles internal error: ${(error as Error).stack ?? error}`);
    return fallback;
  }
}

documents.onDidOpen(async ({ document }) => {
  await ready;
  index!.setOpenText(URI.parse(document.uri).fsPath, document.getText());
  publishAll();
});
documents.onDidChangeContent(async ({ document }) => {
  await ready;
  index!.setOpenText(URI.parse(document.uri).fsPath, document.getText());
  publishAll();
});
documents.onDidClose(async ({ document }) => {
  await ready;
  await index!.closeOpenText(URI.parse(document.uri).fsPath);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  publishAll();
});

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  await ready;
  if (changes.some((change) => CONFIG_FILE.test(URI.parse(change.uri).fsPath))) {
    reindex(async () => index!.currentSettings);
    return;
  }
  for (const change of changes) {
    for (const file of await filesAt(URI.parse(change.uri).fsPath, change.type)) {
      // An open document's text is the editor's; the disk catches up when it is saved or closed.
      if (change.type === FileChangeType.Deleted || !documents.get(URI.file(file).toString())) await index!.refreshFile(file);
    }
  }
  publishAll();
});

/**
 * The handbook files a change is about: the file itself, or every file below a folder, since
 * editors report a folder that is deleted, moved or copied in as one event.
 */
async function filesAt(changed: string, type: FileChangeType): Promise<string[]> {
  const roots = index!.siteList.flatMap((site) => [...site.contentRoots, ...site.includeRoots].map((root) => root.directory));
  if (!roots.some((root) => isInside(root, changed) || isInside(changed, root))) return [];
  if (type === FileChangeType.Deleted) {
    const known = [...index!.allFiles()].map((file) => file.path);
    const assets = index!.siteList.flatMap((site) => index!.includeCandidates(site).map((candidate) => candidate.path));
    const below = [...new Set([...known, ...assets])].filter((file) => isInside(changed, file));
    return below.length > 0 ? below : [changed];
  }
  const listed = await index!.workspace.listFiles(changed, () => true);
  return listed.length > 0 ? listed : [changed];
}

connection.onDidChangeConfiguration(({ settings }) => {
  reindex(() => fetchSettings(settings));
});

/**
 * Builds the index again (on new workspace folders, if given) once the current build is done.
 * `ready` is replaced at once, so every request that arrives after the change waits for the
 * index that knows about it.
 */
function reindex(settings: () => Promise<HandbookSettings>, folders?: readonly string[]): void {
  const previous = ready;
  ready = previous.then(async () => {
    const next = await settings();
    // The workspace is the server's only door to the files: new folders need a new one.
    if (folders) index = new HandbookIndex(new NodeWorkspace(folders), next);
    await rebuild(next);
  });
}

connection.onCompletion(async ({ textDocument, position }) => {
  await ready;
  const document = documents.get(textDocument.uri);
  const file = fileOf(textDocument.uri);
  if (!document || !file) return [];
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  return safely(() => provideCompletions(index!, file, line, position), []);
});

connection.onHover(async ({ textDocument, position }) => {
  await ready;
  const file = fileOf(textDocument.uri);
  if (!file) return null;
  try {
    return await provideHover(index!, file, position);
  } catch (error) {
    connection.console.error(`Handbook Roles internal error: ${(error as Error).stack ?? error}`);
    return null;
  }
});

connection.onCodeAction(async ({ textDocument, context }) => {
  await ready;
  const document = documents.get(textDocument.uri);
  const file = fileOf(textDocument.uri);
  if (!document || !file) return [];
  const canCreateFiles = clientCapabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') ?? false;
  return safely(() => provideCodeActions(index!, file, context.diagnostics, { uri: textDocument.uri, text: document.getText(), canCreateFiles }), []);
});

connection.onDefinition(async ({ textDocument, position }) => {
  await ready;
  const file = fileOf(textDocument.uri);
  return file ? safely(() => provideDefinition(index!, file, position), []) : [];
});

connection.onDocumentLinks(async ({ textDocument }) => {
  await ready;
  const file = fileOf(textDocument.uri);
  return file ? safely(() => provideDocumentLinks(index!, file), []) : [];
});

process.on('uncaughtException', (error) => connection.console.error(`Handbook Roles internal error: ${error.stack ?? error}`));

documents.listen(connection);
connection.listen();

