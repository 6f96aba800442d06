// A real LSP client session against the BUILT server (dist/server.js --stdio), for the protocol
// tests: vscode-languageserver-protocol's connection over the child's stdio, the client
// capabilities an editor like VS Code declares, answers to every server→client request, and
// everything the server pushes (diagnostics, progress, messages) recorded. Tests wait on
// conditions over that record, never on fixed sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  HoverRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentLink,
  type Hover,
  type Location,
  type LocationLink,
  type Position,
  type FileChangeType,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type Range,
  type Registration,
  type ShowMessageParams,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(here, '../../..');
export const EXAMPLE_HANDBOOK = path.join(PROJECT_ROOT, 'examples/handbook');
const SERVER = path.join(PROJECT_ROOT, 'dist/server.js');
/** How long a condition may take before the test fails with a description of what was seen. */
const WAIT_LIMIT_MS = 30_000;

/** A fresh copy of the example handbook in a temporary folder, for tests that change files. */
export function copyExampleHandbook(): { folder: string; remove(): void } {
  const parent = mkdtempSync(path.join(tmpdir(), 'handbook-roles-protocol-'));
  const folder = path.join(parent, 'handbook');
  cpSync(EXAMPLE_HANDBOOK, folder, { recursive: true });
  return { folder, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Every file below `folder` with its size and modification time: proof that nothing was written. */
export function snapshotFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stats = statSync(full);
        files.set(path.relative(folder, full), `${stats.size} ${stats.mtimeMs}`);
      }
    }
  };
  walk(folder);
  return files;
}

/** The capabilities VS Code 1.9x declares for the features this server offers. */
export function editorCapabilities(): ClientCapabilities {
  return {
    general: { positionEncodings: ['utf-16'] },
    window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: true } } },
    workspace: {
      applyEdit: true,
      configuration: true,
      workspaceFolders: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional' },
    },
    textDocument: {
      synchronization: { dynamicRegistration: true, didSave: true, willSave: true },
      completion: {
        contextSupport: true,
        completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true, labelDetailsSupport: true },
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
      codeAction: {
        isPreferredSupport: true,
        dataSupport: true,
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
      },
      definition: { linkSupport: true },
      documentLink: { tooltipSupport: true },
    },
  };
}

export interface SessionOptions {
  readonly folder: string;
  /** More workspace folders, for a multi-root workspace. */
  readonly moreFolders?: readonly string[];
  /** More workspace folders as URIs, of any scheme. */
  readonly moreFolderUris?: readonly string[];
  /** What `workspace/configuration` answers for the `handbookRoles` section. */
  readonly settings?: Record<string, unknown>;
  /** A client that advertises `workspace/configuration` and never answers it. */
  readonly neverAnswersConfiguration?: boolean;
  /** What the client sends as `initializationOptions` (settings for clients without `workspace/configuration`). */
  readonly initializationOptions?: unknown;
  /** Changes to the editor's capabilities (e.g. a client that cannot create files). */
  readonly capabilities?: (capabilities: ClientCapabilities) => ClientCapabilities;
  /** What the client does right after `initialized`, before `start` waits for indexing (races with the first build). */
  readonly whileIndexing?: (session: Session) => Promise<void>;
  /** How long `start` waits for indexing to end (benchmarks on big handbooks need longer). */
  readonly indexingLimitMs?: number;
  /** A command the server runs under, e.g. `['strace', '-f', '-o', FILE]` (the strace test). */
  readonly launcher?: readonly string[];
  /** The server's working folder (the test's own by default): what a path read as relative would be resolved against. */
  readonly cwd?: string;
  /** The command that runs the server, without `--stdio` (default: this node on the built `dist/server.js`); e.g. an installed `handbook-roles-language-server`. */
  readonly server?: readonly string[];
  /**
   * The server's `XDG_CACHE_HOME`, where it keeps its facts cache when the client names no storage
   * folder (`initializationOptions.storagePath`); default: a fresh folder, removed when the session stops.
   */
  readonly cacheHome?: string;
}

export interface ProgressEvent {
  readonly token: string | number;
  readonly value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

export interface PublishedDiagnostics {
  readonly version?: number;
  readonly diagnostics: Diagnostic[];
}

/** One running server and the client side of its connection. */
export class Session {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishedDiagnostics>();
  /** Every publish, in order: which document and version it described. */
  readonly publishes: { readonly uri: string; readonly version?: number }[] = [];
  readonly progress: ProgressEvent[] = [];
  /** What had been published when a work-done progress first ended (the first build's indexing). */
  diagnosticsWhenIndexed?: ReadonlyMap<string, PublishedDiagnostics>;
  readonly progressTokensCreated: (string | number)[] = [];
  readonly registrations: Registration[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: LogMessageParams[] = [];
  /** Edits the server asked the client to apply on its own (it never should). */
  readonly applyEditRequests: unknown[] = [];
  initializeResult?: InitializeResult;
  private stderrText = '';
  private readonly waiters = new Set<() => void>();
  private settings: Record<string, unknown>;
  private readonly exited: Promise<unknown>;

  private constructor(
    readonly child: ChildProcess,
    readonly folder: string,
    settings: Record<string, unknown>,
    private readonly neverAnswersConfiguration = false,
  ) {
    this.settings = settings;
    this.exited = child.exitCode !== null ? Promise.resolve() : once(child, 'exit');
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
      this.notifyWaiters();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.answerServerRequests();
    this.connection.listen();
  }

  /** Starts `dist/server.js --stdio` on `folder`, initializes it and waits until it has indexed. */
  static async start(options: SessionOptions): Promise<Session> {
    const [command, ...args] = [...(options.launcher ?? []), ...(options.server ?? [process.execPath, SERVER]), '--stdio'];
    // Never the developer's own ~/.cache: each session starts cold unless a test says otherwise.
    const scratchCacheHome = options.cacheHome === undefined ? mkdtempSync(path.join(tmpdir(), 'handbook-roles-cache-')) : undefined;
    const env = { ...process.env, XDG_CACHE_HOME: options.cacheHome ?? scratchCacheHome };
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd, env });
    if (scratchCacheHome) child.on('exit', () => rmSync(scratchCacheHome, { recursive: true, force: true }));
    const session = new Session(child, path.resolve(options.folder), options.settings ?? {}, options.neverAnswersConfiguration);
    const limitMs = options.indexingLimitMs ?? WAIT_LIMIT_MS;
    let timer: NodeJS.Timeout | undefined;
    const tooLate = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the server did not initialize and index within ${limitMs} ms`)), limitMs)));
    try {
      await Promise.race([session.initialize(options), tooLate]);
      clearTimeout(timer);
    } catch (error) {
      clearTimeout(timer);
      session.kill(); // a server that never finished starting must not outlive the test
      throw error;
    }
    return session;
  }

  private async initialize(options: SessionOptions): Promise<void> {
    const capabilities = (options.capabilities ?? ((unchanged) => unchanged))(editorCapabilities());
    const folderUri = URI.file(this.folder).toString();
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'handbook-roles protocol tests' },
      rootUri: folderUri,
      workspaceFolders: [...[this.folder, ...(options.moreFolders ?? [])].map((folder) => URI.file(folder).toString()), ...(options.moreFolderUris ?? [])].map((uri) => ({
        uri,
        name: path.basename(uri),
      })),
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    await options.whileIndexing?.(this);
    if (capabilities.window?.workDoneProgress) await this.indexingDone(options.indexingLimitMs);
  }

  get stderr(): string {
    return this.stderrText;
  }

  uri(relativePath: string): string {
    return URI.file(path.join(this.folder, relativePath)).toString();
  }

  /** Resolves with the first truthy value of `check`, re-evaluated on every message from the server. */
  async waitFor<T>(check: () => T | undefined | false | null, what: string, describe: () => unknown = () => '', limitMs = WAIT_LIMIT_MS): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const onEvent = () => {
        const value = check();
        if (!value) return;
        clearTimeout(timer);
        this.waiters.delete(onEvent);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(onEvent);
        reject(new Error(`Timed out waiting for ${what}. Last seen: ${JSON.stringify(describe(), null, 1)}\nstderr: ${this.stderrText}`));
      }, limitMs);
      this.waiters.add(onEvent);
    });
  }

  /** The first end of a work-done progress the server started (indexing). */
  async indexingDone(limitMs = WAIT_LIMIT_MS): Promise<void> {
    const ended = (count: number) => this.progress.filter((event) => event.value.kind === 'end').length >= count;
    await this.waitFor(
      () => ended(1),
      'the indexing progress to end',
      () => this.progress,
      limitMs,
    );
  }

  /** Diagnostics of a document once `accept` holds for them (e.g. a version, a code present). */
  async diagnosticsOf(uri: string, accept: (published: PublishedDiagnostics) => boolean = () => true, what = 'diagnostics'): Promise<Diagnostic[]> {
    const published = await this.waitFor(
      () => {
        const latest = this.diagnostics.get(uri);
        return latest && accept(latest) ? latest : undefined;
      },
      `${what} for ${uri}`,
      () => this.diagnostics.get(uri),
    );
    return published.diagnostics;
  }

  async open(relativePath: string, text = readFileSync(path.join(this.folder, relativePath), 'utf8')): Promise<OpenDocument> {
    const document = new OpenDocument(this, this.uri(relativePath), text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: document.uri, languageId: 'markdown', version: document.version, text },
    });
    return document;
  }

  /** Tells the server a file was created, changed or deleted on disk, as the editor's watcher would. */
  async fileChanged(relativePath: string, type: FileChangeType): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: this.uri(relativePath), type }] });
  }

  /** New settings: `workspace/configuration` answers them from now on, and the server is told. */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { handbookRoles: settings } });
  }

  async complete(document: OpenDocument, position: Position): Promise<CompletionItem[]> {
    const answer = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: document.uri }, position });
    return Array.isArray(answer) ? answer : (answer?.items ?? []);
  }

  /** The hover's Markdown, or undefined when there is no hover. */
  async hover(document: OpenDocument, position: Position): Promise<{ markdown: string; hover: Hover } | undefined> {
    const hover = await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: document.uri }, position });
    if (!hover) return undefined;
    const contents = hover.contents;
    const markdown = typeof contents === 'string' ? contents : 'kind' in contents ? contents.value : JSON.stringify(contents);
    return { markdown, hover };
  }

  async codeActions(document: OpenDocument, diagnostics: Diagnostic[], range: Range = diagnostics[0].range): Promise<CodeAction[]> {
    const answer = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: document.uri }, range, context: { diagnostics } });
    return (answer ?? []).filter((action): action is CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'));
  }

  /** The source actions of the kinds `only` for the whole document (what `editor.codeActionsOnSave` asks for). */
  async sourceActions(document: OpenDocument, only: string[]): Promise<CodeAction[]> {
    const lines = document.text.split('\n');
    const range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
    const answer = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: document.uri }, range, context: { diagnostics: [], only } });
    return (answer ?? []).filter((action): action is CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'));
  }

  async definition(document: OpenDocument, position: Position): Promise<(Location | LocationLink)[]> {
    const answer = await this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: document.uri }, position });
    return answer === null ? [] : Array.isArray(answer) ? answer : [answer];
  }

  async documentLinks(document: OpenDocument): Promise<DocumentLink[]> {
    return (await this.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: document.uri } })) ?? [];
  }

  /** Shuts the server down politely; kills it by PID if it does not exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const polite = (async () => {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
        await this.exited;
      })().catch(() => undefined);
      const timer = setTimeout(() => this.kill(), 5_000);
      await Promise.race([polite, this.exited]);
      clearTimeout(timer);
    }
    this.connection.dispose();
  }

  kill(): void {
    if (this.child.pid !== undefined && this.child.exitCode === null) {
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  get isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private answerServerRequests(): void {
    const { connection } = this;
    const record =
      <P>(into: P[]) =>
      (params: P) => {
        into.push(params);
        this.notifyWaiters();
      };
    connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, version, diagnostics }) => {
      this.diagnostics.set(uri, { version, diagnostics });
      this.publishes.push({ uri, version });
      this.notifyWaiters();
    });
    connection.onNotification(ShowMessageNotification.type, record(this.messages));
    connection.onNotification(LogMessageNotification.type, record(this.logs));
    connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      this.progressTokensCreated.push(token);
      connection.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'end') this.diagnosticsWhenIndexed ??= new Map(this.diagnostics);
        record(this.progress)({ token, value });
      });
      return null;
    });
    connection.onRequest(ConfigurationRequest.type, ({ items }) =>
      this.neverAnswersConfiguration ? new Promise<never>(() => undefined) : items.map((item) => (item.section === 'handbookRoles' ? this.settings : null)),
    );
    connection.onRequest(RegistrationRequest.type, ({ registrations }) => {
      this.registrations.push(...registrations);
      this.notifyWaiters();
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(ShowMessageRequest.type, () => null);
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.applyEditRequests.push(params);
      return { applied: false, failureReason: 'The protocol tests never let the server edit on its own.' };
    });
  }

  /** Log lines the server marked as errors (its "internal error" reports). */
  get errorLogs(): string[] {
    return this.logs.filter((log) => log.type === MessageType.Error).map((log) => log.message);
  }
}

/** A document the client has open: its text follows the edits the test sends. */
export class OpenDocument {
  private document: TextDocument;

  constructor(
    private readonly session: Session,
    readonly uri: string,
    text: string,
  ) {
    this.document = TextDocument.create(uri, 'markdown', 1, text);
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  line(line: number): string {
    return this.text.split('\n')[line].replace(/\r$/, '');
  }

  /**
   * The position of `needle` in the document: of its `occurrence`-th match (0-based), plus
   * `offset` characters into it (defaults to its end, where a cursor would be after typing it).
   */
  positionOf(needle: string, { occurrence = 0, offset = needle.length }: { occurrence?: number; offset?: number } = {}) {
    let at = -1;
    for (let seen = 0; seen <= occurrence; seen++) {
      at = this.text.indexOf(needle, at + 1);
      if (at === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times in ${this.uri}`);
    }
    return this.document.positionAt(at + offset);
  }

  /** Sends one incremental edit, as an editor does on every keystroke; returns the new version. */
  async edit(range: Range, newText: string): Promise<number> {
    const version = this.document.version + 1;
    this.document = TextDocument.update(this.document, [{ range, text: newText }], version);
    await this.session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri, version },
      contentChanges: [{ range, text: newText }],
    });
    return version;
  }

  /** Types `text` at `position` one character at a time; returns the final version. */
  async type(position: { line: number; character: number }, text: string): Promise<number> {
    let at = position;
    for (const character of text) {
      await this.edit({ start: at, end: at }, character);
      at = { line: at.line, character: at.character + character.length };
    }
    return this.document.version;
  }

  async close(): Promise<void> {
    await this.session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri } });
  }

  /** Diagnostics the server published for this document's current version (or later). */
  async diagnostics(accept: (diagnostics: Diagnostic[]) => boolean = () => true, what?: string): Promise<Diagnostic[]> {
    const version = this.version;
    return this.session.diagnosticsOf(this.uri, (published) => (published.version ?? 0) >= version && accept(published.diagnostics), what);
  }
}
