// Plays one generated scenario against the built server over stdio and checks the oracles:
// the server does not exit; every request is answered within 5 s; every range lies inside its
// document and every file URI inside the temporary workspace; and, differentially, what the server
// says about each open document (diagnostics, document links, hovers) after the whole sequence
// equals what a fresh server says for the same files on disk and the same open texts.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  FileChangeType,
  HoverRequest,
  type FileEvent,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Session, type OpenDocument } from '../protocol/support/session';
import { INCLUDE_PATHS, PAGE_PATHS, type Operation, type Position, type RequestMethod, type Scenario, type StormAction } from './generators';
import { codesExcusedOutOfRange, type KnownDefects } from './knownDefects';

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
export const totals = { documents: 0, requests: 0 };

interface Played {
  readonly session: Session;
  readonly folder: string;
  readonly open: OpenDocument[];
  settings: Record<string, unknown>;
}

/** Plays `scenario` in a fresh temporary workspace; throws a FuzzFailure when an oracle fails. */
export async function playScenario(scenario: Scenario, flags: KnownDefects): Promise<void> {
  const parent = mkdtempSync(path.join(tmpdir(), 'handbook-roles-fuzz-'));
  const folder = path.join(parent, 'handbook');
  writeHandbook(folder, scenario);
  const sessions: Session[] = [];
  try {
    const session = await startSession(folder, scenario.settings, sessions);
    const played: Played = { session, folder, open: [], settings: scenario.settings };
    for (const operation of scenario.operations) {
      await playOperation(played, operation, flags);
      assertRunning(session, operation);
    }
    const said = await whatServerSays(played, flags);
    const fresh = await startSession(folder, played.settings, sessions);
    const freshPlayed: Played = { session: fresh, folder, open: [], settings: played.settings };
    for (const document of played.open) freshPlayed.open.push(await fresh.open(relativeOf(folder, document.uri), document.text));
    const freshSaid = await whatServerSays(freshPlayed, flags);
    compareAccounts(said, freshSaid);
  } finally {
    for (const session of sessions) await session.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

function writeHandbook(folder: string, scenario: Scenario): void {
  mkdirSync(path.join(folder, 'content'), { recursive: true });
  if (scenario.handbook.hugoToml !== undefined) writeFileSync(path.join(folder, 'hugo.toml'), scenario.handbook.hugoToml);
  for (const [relative, text] of Object.entries(scenario.handbook.files)) writeFile(folder, relative, text);
  totals.documents += Object.keys(scenario.handbook.files).length;
}

function writeFile(folder: string, relative: string, text: string): void {
  const full = path.join(folder, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

async function startSession(folder: string, settings: Record<string, unknown>, sessions: Session[]): Promise<Session> {
  const started = Session.start({ folder, settings, indexingLimitMs: ANSWER_LIMIT_MS * 2 });
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

async function playOperation(played: Played, operation: Operation, flags: KnownDefects): Promise<void> {
  const { session, open } = played;
  switch (operation.kind) {
    case 'open': {
      const relative = OPENABLE[operation.file % OPENABLE.length];
      if (open.some((document) => document.uri === session.uri(relative))) return;
      const onDisk = path.join(played.folder, relative);
      const text = operation.text ?? (existsSync(onDisk) ? readFileSync(onDisk, 'utf8') : '');
      if (!flags.openIncludeDiagnosticsFixed && relative.startsWith('assets/') && operation.text !== undefined) return;
      open.push(await session.open(relative, text));
      totals.documents++;
      return;
    }
    case 'edit': {
      const document = pick(open, operation.document);
      if (!document) return;
      if (!flags.openIncludeDiagnosticsFixed && relativeOf(played.folder, document.uri).startsWith('assets/')) return;
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
      if (document) await request(played, document, operation.method, operation.position, operation.cancel, flags);
      return;
    }
    case 'storm':
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

/** Sends one request (cancelled at once when asked) and checks its answer against the oracles. */
async function request(played: Played, document: OpenDocument, method: RequestMethod, position: Position, cancel: boolean, flags: KnownDefects): Promise<unknown> {
  const { session } = played;
  const at = lspPosition(document, position);
  const textDocument = { uri: document.uri };
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
        const diagnostics = session.diagnostics.get(document.uri)?.diagnostics ?? [];
        return session.connection.sendRequest(CodeActionRequest.type, { textDocument, range: { start: at, end: at }, context: { diagnostics } }, source.token);
      }
    }
  })();
  totals.requests++;
  if (cancel) source.cancel();
  const answer = await answeredWithin(session, sent, `${method} at ${JSON.stringify(at)} in ${relativeOf(played.folder, document.uri)}`);
  checkAnswer(played, document, answer, `${method} at ${JSON.stringify(at)}`, flags);
  return answer;
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
function checkAnswer(played: Played, document: OpenDocument, answer: unknown, what: string, flags: KnownDefects): void {
  const model = TextDocument.create(document.uri, 'markdown', 0, document.text);
  const excused = codesExcusedOutOfRange(flags);
  const visit = (value: unknown, owner: string | undefined): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, owner));
    if (!value || typeof value !== 'object') {
      if (typeof value === 'string') checkUris(played.folder, value, what);
      return;
    }
    const record = value as Record<string, unknown>;
    const targetUri = typeof record.uri === 'string' ? record.uri : typeof record.targetUri === 'string' ? record.targetUri : undefined;
    const inThisDocument = targetUri === undefined || targetUri === document.uri;
    const code = typeof record.code === 'string' ? record.code : undefined;
    for (const [key, child] of Object.entries(record)) {
      if ((key === 'range' || key === 'targetSelectionRange' || key === 'targetRange') && isRange(child)) {
        if (inThisDocument && !(code && excused.includes(code))) checkRange(model, child, `${what}: ${key} of ${JSON.stringify(record).slice(0, 300)}`);
      } else visit(child, owner);
    }
  };
  visit(answer, undefined);
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
        if (existsSync(full(action.path))) break;
        const outside = path.join(path.dirname(folder), 'outside');
        mkdirSync(path.join(outside, 'secret'), { recursive: true });
        writeFileSync(path.join(outside, 'secret.md'), '# Secret\n');
        const target = action.target === 'outside-folder' ? outside : action.target === 'outside-file' ? path.join(outside, 'secret.md') : full('content/job-families');
        mkdirSync(path.dirname(full(action.path)), { recursive: true });
        symlinkSync(target, full(action.path));
        event(action.path, FileChangeType.Created);
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
async function whatServerSays(played: Played, flags: KnownDefects): Promise<Account[]> {
  const { session, open } = played;
  await settle(played);
  const accounts: Account[] = [];
  for (const document of open) {
    const documentLinks = await request(played, document, 'documentLink', { kind: 'valid', at: 0 }, false, flags);
    const hovers = [];
    for (const at of hoverPoints(document.text)) hovers.push(await request(played, document, 'hover', { kind: 'valid', at }, false, flags));
    const published = session.diagnostics.get(document.uri)?.diagnostics ?? [];
    checkAnswer(played, document, published, 'published diagnostics', flags);
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
