// Plays one generated scenario against the built server over stdio and checks the oracles:
// the server does not exit; every request is answered within 5 s; every range lies inside its
// document and every file URI inside the temporary workspace; and, differentially, what the server
// says about each open document (diagnostics, document links, hovers) after the whole sequence
// equals what a fresh server says for the same files on disk and the same open texts. Requests
// about never-opened http: and untitled: documents must be answered with nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync, statSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeWorkspaceFoldersNotification,
  DocumentLinkRequest,
  FileChangeType,
  HoverRequest,
  type FileEvent,
  type TextDocumentIdentifier,
  type WorkspaceFoldersChangeEvent,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Session, type OpenDocument } from '../protocol/support/session';
import { CONFIG_PATH, INCLUDE_PATHS, PAGE_PATHS, type FolderChange, type Operation, type Position, type RequestMethod, type Scenario, type StormAction } from './generators';

const ANSWER_LIMIT_MS = 5_000;
/** Quiet time after the last published diagnostics before a server's word counts as final. */
const SETTLE_QUIET_MS = 300;

export type FailureKind = 'crash' | 'unanswered' | 'inconsistent';

export class FuzzFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

/** Figures across every scenario played in this process (the long run prints them). */
export const totals = { documents: 0, requests: 0, storms: 0 };

interface Played {
  readonly session: Session;
  readonly folder: string;
  readonly open: OpenDocument[];
  settings: Record<string, unknown>;
}

/** Plays `scenario` in a fresh temporary workspace; throws a FuzzFailure when an oracle fails. */
export async function playScenario(scenario: Scenario): Promise<void> {
  const parent = mkdtempSync(path.join(tmpdir(), 'handbook-roles-fuzz-'));
  const folder = path.join(parent, 'handbook');
  writeHandbook(folder, scenario);
  const sessions: Session[] = [];
  try {
    const session = await startSession(folder, scenario.settings, sessions, (started) => changeFolders(started, scenario.foldersAfterInitialized));
    const played: Played = { session, folder, open: [], settings: scenario.settings };
    for (const operation of scenario.operations) {
      await playOperation(played, operation);
      assertRunning(session, operation);
    }
    const said = await whatServerSays(played);
    const fresh = await startSession(folder, played.settings, sessions);
    const freshPlayed: Played = { session: fresh, folder, open: [], settings: played.settings };
    for (const document of played.open) freshPlayed.open.push(await fresh.open(relativeOf(folder, document.uri), document.text));
    const freshSaid = await whatServerSays(freshPlayed);
    compareAccounts(said, freshSaid);
  } finally {
    for (const session of sessions) await session.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

function writeHandbook(folder: string, scenario: Scenario): void {
  mkdirSync(path.join(folder, 'content'), { recursive: true });
  if (scenario.handbook.hugoToml !== undefined) writeFileSync(path.join(folder, 'hugo.toml'), scenario.handbook.hugoToml);
  if (scenario.handbook.configFile !== undefined) writeFileSync(path.join(folder, CONFIG_PATH), scenario.handbook.configFile);
  for (const [relative, text] of Object.entries(scenario.handbook.files)) writeFile(folder, relative, text);
  totals.documents += Object.keys(scenario.handbook.files).length;
}

function writeFile(folder: string, relative: string, text: string): void {
  const full = path.join(folder, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

async function startSession(folder: string, settings: Record<string, unknown>, sessions: Session[], whileIndexing?: (session: Session) => Promise<void>): Promise<Session> {
  const started = Session.start({ folder, settings, indexingLimitMs: ANSWER_LIMIT_MS * 2, whileIndexing });
  try {
    const session = await started;
    sessions.push(session);
    return session;
  } catch (error) {
    throw new FuzzFailure('unanswered', `initialize or indexing did not finish: ${String(error)}`);
  }
}

function assertRunning(session: Session, after: Operation | string): void {
  if (!session.isRunning) throw new FuzzFailure('crash', `the server exited after ${JSON.stringify(after).slice(0, 300)}\nstderr: ${session.stderr.slice(-2000)}`);
}

function relativeOf(folder: string, uri: string): string {
  return path.relative(folder, URI.parse(uri).fsPath);
}

/** Files the scenario can open: the handbook's pool and what storms create. */
const OPENABLE = [...PAGE_PATHS, ...INCLUDE_PATHS, 'content/jobs/new.md', 'assets/includes/new.md'];

async function playOperation(played: Played, operation: Operation): Promise<void> {
  const { session, open } = played;
  switch (operation.kind) {
    case 'open': {
      const relative = OPENABLE[operation.file % OPENABLE.length];
      if (open.some((document) => document.uri === session.uri(relative))) return;
      const onDisk = path.join(played.folder, relative);
      const text = operation.text ?? (existsSync(onDisk) && statSync(onDisk).isFile() ? readFileSync(onDisk, 'utf8') : '');
      open.push(await session.open(relative, text));
      totals.documents++;
      return;
    }
    case 'edit': {
      const document = pick(open, operation.document);
      if (!document) return;
      for (let step = 0; step < operation.burst; step++) {
        const text = document.text;
        const start = Math.floor(operation.at * text.length);
        const end = Math.min(text.length, start + operation.remove);
        const model = TextDocument.create(document.uri, 'markdown', 0, text);
        await document.edit({ start: model.positionAt(start), end: model.positionAt(end) }, operation.insert);
      }
      return;
    }
    case 'close': {
      const at = open.length ? operation.document % open.length : -1;
      if (at < 0) return;
      await open[at].close();
      open.splice(at, 1);
      return;
    }
    case 'request': {
      const document = pick(open, operation.document);
      if (document) await request(played, document, operation.method, operation.position, operation.cancel);
      return;
    }
    case 'foreignRequest':
      await foreignRequest(played, operation.method, operation.scheme, operation.position);
      return;
    case 'workspaceFolders':
      await changeFolders(session, [operation.change]);
      return;
    case 'storm':
      totals.storms++;
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: applyStorm(played.folder, operation.actions) });
      return;
    case 'settings':
      played.settings = operation.settings;
      await session.changeSettings(operation.settings);
      return;
  }
}

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length ? list[index % list.length] : undefined;
}

function lspPosition(document: OpenDocument, position: Position) {
  if (position.kind === 'invalid') return { line: position.line, character: position.character };
  const model = TextDocument.create(document.uri, 'markdown', 0, document.text);
  return model.positionAt(Math.floor(position.at * document.text.length));
}

/** Sends one request about an open document and checks its answer against the oracles. */
async function request(played: Played, document: OpenDocument, method: RequestMethod, position: Position, cancel: boolean): Promise<unknown> {
  const at = lspPosition(document, position);
  const answer = await send(played, { uri: document.uri }, method, at, cancel, relativeOf(played.folder, document.uri));
  checkAnswer(played, document, answer, `${method} at ${JSON.stringify(at)}`);
  return answer;
}

/** Never-opened documents the server has no text for: `http:` and `untitled:` URIs. */
const FOREIGN_URIS = { http: 'http://handbook.example.com/content/jobs/developer.md', untitled: 'untitled:Untitled-1' } as const;

/** A request about a document that is neither open nor a file: answered, and with nothing inside it to point at. */
async function foreignRequest(played: Played, method: RequestMethod, scheme: keyof typeof FOREIGN_URIS, position: Position): Promise<void> {
  const at = position.kind === 'valid' ? { line: 0, character: 0 } : { line: position.line, character: position.character };
  const answer = await send(played, { uri: FOREIGN_URIS[scheme] }, method, at, false, FOREIGN_URIS[scheme]);
  const empty = answer === undefined || answer === null || (Array.isArray(answer) && answer.length === 0);
  if (!empty) throw new FuzzFailure('inconsistent', `${method} about the never-opened ${FOREIGN_URIS[scheme]} answered ${JSON.stringify(answer).slice(0, 500)}`);
}

/** Sends one request (cancelled at once when asked) and waits for its answer within the limit. */
async function send(played: Played, textDocument: TextDocumentIdentifier, method: RequestMethod, at: { line: number; character: number }, cancel: boolean, where: string): Promise<unknown> {
  const { session } = played;
  const source = new CancellationTokenSource();
  const sent = ((): Promise<unknown> => {
    switch (method) {
      case 'hover':
        return session.connection.sendRequest(HoverRequest.type, { textDocument, position: at }, source.token);
      case 'completion':
        return session.connection.sendRequest(CompletionRequest.type, { textDocument, position: at }, source.token);
      case 'definition':
        return session.connection.sendRequest(DefinitionRequest.type, { textDocument, position: at }, source.token);
      case 'documentLink':
        return session.connection.sendRequest(DocumentLinkRequest.type, { textDocument }, source.token);
      case 'codeAction': {
        const diagnostics = session.diagnostics.get(textDocument.uri)?.diagnostics ?? [];
        return session.connection.sendRequest(CodeActionRequest.type, { textDocument, range: { start: at, end: at }, context: { diagnostics } }, source.token);
      }
    }
  })();
  totals.requests++;
  if (cancel) source.cancel();
  return answeredWithin(session, sent, `${method} at ${JSON.stringify(at)} in ${where}`);
}

/** Tells the server about workspace folders that name the handbook folder again: it must go on as with the folder given once. */
async function changeFolders(session: Session, changes: readonly FolderChange[]): Promise<void> {
  const folderUri = (folder: string) => ({ uri: URI.file(folder).toString(), name: path.basename(folder) });
  const nested = folderUri(path.join(session.folder, 'content'));
  const events: Record<FolderChange, WorkspaceFoldersChangeEvent> = {
    'add-same': { added: [folderUri(session.folder)], removed: [] },
    'add-same-slash': { added: [{ uri: `${URI.file(session.folder).toString()}/`, name: 'again' }], removed: [] },
    'add-nested': { added: [nested], removed: [] },
    'remove-nested': { added: [], removed: [nested] },
  };
  for (const change of changes) await session.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: events[change] });
}

async function answeredWithin<T>(session: Session, sent: Promise<T>, what: string): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ANSWER_LIMIT_MS)));
  const answered = sent.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const outcome = await Promise.race([answered, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    assertRunning(session, what);
    throw new FuzzFailure('unanswered', `no answer within ${ANSWER_LIMIT_MS} ms to ${what}`);
  }
  if ('error' in outcome) {
    assertRunning(session, what);
    return undefined; // a JSON-RPC error (a cancellation among them) is an answer
  }
  return outcome.value;
}

/** Ranges inside the document, file URIs inside the workspace, anywhere in an answer. */
function checkAnswer(played: Played, document: OpenDocument, answer: unknown, what: string): void {
  const model = TextDocument.create(document.uri, 'markdown', 0, document.text);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') {
      if (typeof value === 'string') checkUris(played.folder, value, what);
      return;
    }
    const record = value as Record<string, unknown>;
    const targetUri = typeof record.uri === 'string' ? record.uri : typeof record.targetUri === 'string' ? record.targetUri : undefined;
    const inThisDocument = targetUri === undefined || targetUri === document.uri;
    for (const [key, child] of Object.entries(record)) {
      if ((key === 'range' || key === 'targetSelectionRange' || key === 'targetRange') && isRange(child)) {
        if (inThisDocument) checkRange(model, child, `${what}: ${key} of ${JSON.stringify(record).slice(0, 300)}`);
      } else visit(child);
    }
  };
  visit(answer);
}

function isRange(value: unknown): value is Range {
  return !!value && typeof value === 'object' && 'start' in value && 'end' in value;
}

function checkRange(model: TextDocument, range: Range, what: string): void {
  const lines = model.lineCount;
  const inside = (position: Range['start']) => {
    if (!Number.isInteger(position.line) || !Number.isInteger(position.character) || position.line < 0 || position.character < 0 || position.line >= lines) return false;
    const lineStart = model.offsetAt({ line: position.line, character: 0 });
    const lineEnd = position.line + 1 < lines ? model.offsetAt({ line: position.line + 1, character: 0 }) : model.getText().length;
    const lineText = model
      .getText()
      .slice(lineStart, lineEnd)
      .replace(/\r?\n$|\r$/, '');
    return position.character <= lineText.length;
  };
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  if (!inside(range.start) || !inside(range.end) || !ordered) throw new FuzzFailure('inconsistent', `range ${JSON.stringify(range)} outside the document (${lines} lines) in ${what}`);
}

function checkUris(folder: string, text: string, what: string): void {
  for (const match of text.matchAll(/file:\/\/[^\s)"'>\]]+/g)) {
    const target = URI.parse(match[0]).fsPath;
    const relative = path.relative(folder, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new FuzzFailure('inconsistent', `${match[0]} is outside the workspace ${folder}, in ${what}`);
  }
}

/** Whether anything is at `file`, a link whose target is gone among them (existsSync follows links). */
function isPresent(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Named pipes need mkfifo; where it is missing, storms leave them out. */
const HAS_MKFIFO = spawnSync('mkfifo', ['--version']).status === 0;

/** Changes the disk as the storm says and returns the watched-file events an editor would send. */
function applyStorm(folder: string, actions: readonly StormAction[]): FileEvent[] {
  const events: FileEvent[] = [];
  const event = (relative: string, type: FileChangeType) => events.push({ uri: URI.file(path.join(folder, relative)).toString(), type });
  const full = (relative: string) => path.join(folder, relative);
  const remove = (relative: string) => {
    if (!existsSync(full(relative))) return;
    rmSync(full(relative), { recursive: true, force: true });
    event(relative, FileChangeType.Deleted);
  };
  for (const action of actions) {
    switch (action.kind) {
      case 'create': {
        const existed = existsSync(full(action.path));
        writeFile(folder, action.path, action.text);
        event(action.path, existed ? FileChangeType.Changed : FileChangeType.Created);
        totals.documents++;
        break;
      }
      case 'delete':
      case 'deleteFolder':
        remove(action.kind === 'delete' ? action.path : action.folder);
        break;
      case 'rename':
        if (!existsSync(full(action.from)) || existsSync(full(action.to))) break;
        mkdirSync(path.dirname(full(action.to)), { recursive: true });
        renameSync(full(action.from), full(action.to));
        event(action.from, FileChangeType.Deleted);
        event(action.to, FileChangeType.Created);
        break;
      case 'createFolder':
        writeFile(folder, `${action.folder}/storm-page.md`, action.text);
        event(action.folder, FileChangeType.Created);
        event(`${action.folder}/storm-page.md`, FileChangeType.Created);
        totals.documents++;
        break;
      case 'replaceByFolder':
        rmSync(full(action.path), { recursive: true, force: true });
        writeFile(folder, `${action.path}/_index.md`, action.text);
        event(action.path, FileChangeType.Deleted);
        event(action.path, FileChangeType.Created);
        break;
      case 'symlink': {
        if (isPresent(full(action.path))) break;
        const outside = path.join(path.dirname(folder), 'outside');
        mkdirSync(path.join(outside, 'secret'), { recursive: true });
        writeFileSync(path.join(outside, 'secret.md'), '# Secret\n');
        const target = action.target === 'outside-folder' ? outside : action.target === 'outside-file' ? path.join(outside, 'secret.md') : full('content/job-families');
        mkdirSync(path.dirname(full(action.path)), { recursive: true });
        symlinkSync(target, full(action.path));
        event(action.path, FileChangeType.Created);
        break;
      }
      case 'fifo': {
        if (!HAS_MKFIFO) break;
        const existed = existsSync(full(action.path));
        rmSync(full(action.path), { recursive: true, force: true });
        mkdirSync(path.dirname(full(action.path)), { recursive: true });
        spawnSync('mkfifo', [full(action.path)]);
        event(action.path, existed ? FileChangeType.Changed : FileChangeType.Created);
        break;
      }
    }
  }
  return events;
}

/** What a server says about one open document, in a form two servers can be compared on. */
interface Account {
  readonly uri: string;
  readonly diagnostics: unknown;
  readonly documentLinks: unknown;
  readonly hovers: unknown;
}

/** Waits for the server to settle, then asks it about every open document. */
async function whatServerSays(played: Played): Promise<Account[]> {
  const { session, open } = played;
  await settle(played);
  const accounts: Account[] = [];
  for (const document of open) {
    const documentLinks = await request(played, document, 'documentLink', { kind: 'valid', at: 0 }, false);
    const hovers = [];
    for (const at of hoverPoints(document.text)) hovers.push(await request(played, document, 'hover', { kind: 'valid', at }, false));
    const published = session.diagnostics.get(document.uri)?.diagnostics ?? [];
    checkAnswer(played, document, published, 'published diagnostics');
    accounts.push({ uri: document.uri, diagnostics: sortByJson(published), documentLinks: sortByJson(documentLinks ?? []), hovers });
  }
  return accounts;
}

/** Where links and shortcodes start, as fractions of the text: where hovers have something to say. */
function hoverPoints(text: string): number[] {
  const points = [...text.matchAll(/\]\(|\{\{/g)].slice(0, 4).map((match) => (match.index + 1) / Math.max(1, text.length));
  return [0, ...points];
}

/**
 * Settled: every open document has diagnostics for its current version, a request has been
 * answered after the last notification (so the index is ready), and nothing was published for a while.
 */
async function settle(played: Played): Promise<void> {
  const { session, open } = played;
  for (const document of open) {
    try {
      await session.waitFor(() => isCurrent(session, document), `diagnostics of ${document.uri}`, undefined, ANSWER_LIMIT_MS);
    } catch {
      assertRunning(session, 'settling');
      throw new FuzzFailure('unanswered', `no diagnostics published within ${ANSWER_LIMIT_MS} ms for version ${document.version} of ${relativeOf(played.folder, document.uri)}`);
    }
  }
  let lastCount = '';
  for (let round = 0; round < 40; round++) {
    const count = publishCount(session);
    if (count === lastCount) return;
    lastCount = count;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_QUIET_MS));
  }
}

function isCurrent(session: Session, document: OpenDocument): boolean {
  const published = session.diagnostics.get(document.uri);
  return !!published && (published.version ?? document.version) >= document.version;
}

/** Changes whenever the server publishes something new. */
function publishCount(session: Session): string {
  return JSON.stringify([...session.diagnostics]);
}

function sortByJson(list: unknown): unknown {
  return Array.isArray(list) ? list.map((item) => JSON.stringify(item)).sort() : list;
}

function compareAccounts(said: Account[], freshSaid: Account[]): void {
  for (let index = 0; index < said.length; index++) {
    const mine = JSON.stringify(said[index]);
    const fresh = JSON.stringify(freshSaid[index]);
    if (mine !== fresh)
      throw new FuzzFailure('inconsistent', `after the sequence the server says about ${said[index].uri}\n  ${mine.slice(0, 1500)}\nbut a fresh server says\n  ${fresh.slice(0, 1500)}`);
  }
}
