// Pushed diagnostics: every open document's, after anything that can change them. A burst of
// changes is published once, a little after it starts, from the latest texts; a publish that a
// newer change makes stale stops, and the next one starts from the newest texts.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDiagnostics } from '../features/diagnostics/diagnostics';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import type { PageFacts } from '../model/page/facts';
import type { Indexing } from './indexing';
import { logInternalError } from './log';
import { filePathOf } from './uris';

/** How long a publish waits for the rest of a burst of keystrokes: requests come first meanwhile. */
const PUBLISH_DELAY_MS = 50;

/**
 * What one document's published diagnostics were computed from. They depend on its own text
 * (its facts) and on the outline of the others (see HandbookIndex.outlineVersion): while neither
 * changed, typing in one document does not recompute every other one's.
 */
interface PublishedFrom {
  readonly index: HandbookIndex;
  readonly outlineVersion: number;
  readonly facts: PageFacts | undefined;
  readonly version: number;
}

export class DiagnosticsPublisher {
  private scheduled = false;
  private readonly published = new Map<string, PublishedFrom>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly indexing: Indexing,
  ) {}

  /** Diagnostics of every open document, once for a burst of changes: one edit can break links in others. */
  publishAll(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => void this.publishLatest().catch((error: unknown) => logInternalError(this.connection, error)), PUBLISH_DELAY_MS);
  }

  /** A closed document shows no diagnostics. */
  clear(uri: string): void {
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publishLatest(): Promise<void> {
    // Takes the open documents' latest texts: each changed one is parsed once, here or by a request.
    const index = await this.indexing.whenReady();
    this.scheduled = false;
    // The documents typed in first: under steady typing, they are the ones a person watches.
    const edited = (document: TextDocument) => (this.published.get(document.uri)?.version === document.version ? 1 : 0);
    for (const document of this.documents.all().sort((a, b) => edited(a) - edited(b))) {
      // A change since the texts were taken, or a new build: what is left is published from the newer ones.
      if (this.indexing.hasChangedDocuments || this.indexing.current !== index) return this.publishAll();
      // Requests that came in meanwhile are answered before the next document's diagnostics.
      if (this.publish(index, document)) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Whether the document's diagnostics were computed and sent (not as last published). */
  private publish(index: HandbookIndex, document: TextDocument): boolean {
    const path = filePathOf(document.uri);
    const file = path === undefined ? undefined : index.get(path);
    const from: PublishedFrom = { index, outlineVersion: index.outlineVersion, facts: file?.facts, version: document.version };
    if (isSame(this.published.get(document.uri), from)) return false;
    this.published.set(document.uri, from);
    // The version tells the client which text these diagnostics describe, so it can drop stale ones.
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: file ? this.diagnosticsOf(index, file) : [] });
    return true;
  }

  private diagnosticsOf(index: HandbookIndex, file: IndexedFile): Diagnostic[] {
    try {
      return computeDiagnostics(index, file);
    } catch (error) {
      logInternalError(this.connection, error);
      return [];
    }
  }
}

function isSame(before: PublishedFrom | undefined, now: PublishedFrom): boolean {
  return before !== undefined && before.index === now.index && before.outlineVersion === now.outlineVersion && before.facts === now.facts && before.version === now.version;
}
