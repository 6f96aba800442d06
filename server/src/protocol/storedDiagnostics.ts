// The diagnostics the server last published for every file, kept between sessions beside its
// facts cache (cache/resultStore.ts): an editor start on an unchanged handbook publishes them as
// soon as the files are listed and stated, before any facts are decoded; the index, once ready,
// computes every file's as usual and sends only those that differ. Only diagnostics of the files
// as they are on disk are kept: none while an open document's text differs from its file. They
// are written once the server has been idle IDLE_MS after a publish, never on every keystroke.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ResultStore } from '../cache/resultStore';
import type { DiagnosticsPublisher, FileDiagnostics } from './diagnostics';
import type { Indexing, ResultsPlace } from './indexing';
import { logInternalError } from './log';
import { filePathOf } from './uris';

/** Bump when what is stored changes shape (the diagnostics the features make are in the program, which the key names). */
const SCHEMA = 1;
/** How long the server must have published nothing before it writes what it published. */
const IDLE_MS = 1_000;

export function keepDiagnosticsBetweenSessions(connection: Connection, documents: TextDocuments<TextDocument>, indexing: Indexing, publisher: DiagnosticsPublisher): void {
  /** What the file at the place holds as far as this session knows: its key, and the publisher's count of changes then. */
  let stored: { readonly key: string; readonly changes: number } | undefined;
  indexing.onUnchangedHandbook(async (place) => {
    const read = storeAt(place).read(place.key);
    if (!read) return;
    const seeded = await publisher.seed(read.results, await documentsAsOnDisk(documents, indexing));
    if (seeded === undefined) return;
    stored = { key: place.key, changes: publisher.changeCount };
    connection.console.info(`Published the diagnostics of ${seeded} files kept from the last session: the handbook is unchanged since.`);
  });

  let timer: NodeJS.Timeout | undefined;
  const write = async () => {
    const place = indexing.resultsPlace;
    // Scope `openFiles` publishes only the open documents': not every file's.
    if (!place || indexing.settings.diagnosticsScope !== 'workspace') return;
    const onDisk = await documentsAsOnDisk(documents, indexing);
    // A rebuild may have been swapped in meanwhile: what the publisher sent since is that index's,
    // not the key taken above (its own publish sets this timer again).
    if (indexing.resultsPlace?.key !== place.key) return;
    // Only the handbook's files shape its diagnostics: a page open from elsewhere does not matter.
    const inIndex = (uri: string) => {
      const file = filePathOf(uri);
      return file !== undefined && indexing.current.get(file) !== undefined;
    };
    if (documents.all().some((document) => inIndex(document.uri) && onDisk.get(document.uri) !== document.version)) return;
    const files = publisher.sentFiles(stored?.key === place.key ? stored.changes : undefined);
    if (!files) return;
    storeAt(place).write(place.key, files, {});
    stored = { key: place.key, changes: publisher.changeCount };
    connection.console.info(`Kept the diagnostics of ${files.length} files for the next session.`);
  };
  publisher.onDidPublish(() => {
    if (timer) timer.refresh();
    // Unreferenced: a write to come never keeps the process alive.
    else timer = setTimeout(() => void write().catch((error: unknown) => logInternalError(connection, error)), IDLE_MS).unref();
  });
}

function storeAt(place: ResultsPlace): ResultStore<FileDiagnostics, object> {
  return new ResultStore(place.file, SCHEMA, { head: () => true, result: isFileDiagnostics });
}

/** The open documents whose text is their file's on disk, with their versions. */
async function documentsAsOnDisk(documents: TextDocuments<TextDocument>, indexing: Indexing): Promise<Map<string, number>> {
  const onDisk = new Map<string, number>();
  for (const document of documents.all()) {
    const file = filePathOf(document.uri);
    const { version } = document;
    if (file !== undefined && (await indexing.current.diskTextOf(file)) === document.getText() && documents.get(document.uri)?.version === version) onDisk.set(document.uri, version);
  }
  return onDisk;
}

/** A file's diagnostics as `write` stored them (a file another program wrote is not one). */
function isFileDiagnostics(value: unknown): value is FileDiagnostics {
  if (typeof value !== 'object' || value === null) return false;
  const { path, diagnostics } = value as Record<keyof FileDiagnostics, unknown>;
  return typeof path === 'string' && Array.isArray(diagnostics) && diagnostics.every(isDiagnostic);
}

function isDiagnostic(value: unknown): value is Diagnostic {
  if (typeof value !== 'object' || value === null) return false;
  const { range, message } = value as Partial<Record<keyof Diagnostic, unknown>>;
  const position = (at: unknown) => typeof at === 'object' && at !== null && Number.isInteger((at as { line?: unknown }).line) && Number.isInteger((at as { character?: unknown }).character);
  return typeof message === 'string' && typeof range === 'object' && range !== null && position((range as { start?: unknown }).start) && position((range as { end?: unknown }).end);
}
