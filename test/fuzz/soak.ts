// The memory soak of the fuzzer's long run: one server on a copy of the example handbook, one
// job-family page open, N edits (an extends sentence typed in and taken out again, so the text
// stays the same size) with a request answered after every few. It prints the server's resident
// memory after a warm-up and at the end, and the growth in percent; it reports, it does not judge
// (flat, within 5 %, is what we aim for). Both are measured once the server has been idle
// IDLE_PAUSE_MS, as after an author's pause, when it has collected its garbage (see
// protocol/idleCollection.ts); the resident memory right after the last edit is given too. With
// node's default heap the collector lets garbage pile up while edits come, so that figure climbs
// without a leak; the soak is played a second time with the heap capped (as issue 15's harness
// did), where only memory still referenced can make RSS grow.
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { CompletionRequest, DocumentLinkRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { copyExampleHandbook, Session, type OpenDocument } from '../protocol/support/session';

const PAGE = 'content/job-families/engineering/development/backend.md';
const EDIT = '\nThe Staff role extends that of [Senior](/job-families/engineering/development/backend/#senior).\n';
const EDITS_PER_REQUEST = 10;
const ANSWER_LIMIT_MS = 5_000;
/** Longer than the server waits before it collects when idle (2 s). */
const IDLE_PAUSE_MS = 3_000;
/** The capped heap of the second soak, in MB: enough for the example handbook, small enough that the collector runs often. */
export const CAPPED_HEAP_MB = 40;

export interface SoakFigures {
  readonly edits: number;
  readonly requests: number;
  /** After the warm-up and a pause. */
  readonly rssAfterWarmUpMb: number;
  /** Right after the last edit's diagnostics, before any pause. */
  readonly rssRightAtEndMb: number;
  /** After the last edit and a pause. */
  readonly rssAtEndMb: number;
  readonly growthPercent: number;
}

/** Resident memory of a process in MB, from /proc (Linux); NaN elsewhere. */
function rssMb(pid: number | undefined): number {
  try {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kilobytes ? Number(kilobytes[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Every edit alternates: type the sentence in at the end of the first line, or take it out again. */
async function editOnce(document: OpenDocument, step: number): Promise<void> {
  const at = document.positionOf('\n', { offset: 0 });
  if (step % 2 === 0) await document.edit({ start: at, end: at }, EDIT);
  else await document.edit({ start: at, end: document.positionOf(EDIT) }, '');
}

async function answered(session: Session, document: OpenDocument, step: number): Promise<void> {
  const textDocument = { uri: document.uri };
  const position = document.positionOf('](', { offset: 3 });
  const requests = [
    () => session.connection.sendRequest(HoverRequest.type, { textDocument, position }),
    () => session.connection.sendRequest(CompletionRequest.type, { textDocument, position }),
    () => session.connection.sendRequest(DocumentLinkRequest.type, { textDocument }),
  ];
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`soak: no answer within ${ANSWER_LIMIT_MS} ms after edit ${step}`)), ANSWER_LIMIT_MS)));
  try {
    await Promise.race([requests[(step / EDITS_PER_REQUEST) % requests.length](), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A handbook to soak other than the example (the real corpus, say): read where it is, since the server writes nothing, with the page to edit. */
export interface SoakSite {
  readonly folder: string;
  /** Relative to the folder; it should hold a Markdown link (`](`), where the requests are made. */
  readonly page: string;
}

/**
 * Plays `edits` edits (a tenth of them, at most 500, as warm-up before the first measure), on a
 * server with node's default heap or a capped one, on a copy of the example handbook or on `site`.
 */
export async function soak(edits: number, heap: 'default' | 'capped', site?: SoakSite): Promise<SoakFigures> {
  const handbook = site ? { folder: site.folder, remove: () => undefined } : copyExampleHandbook();
  const launcher = heap === 'capped' ? ['env', `NODE_OPTIONS=--max-old-space-size=${CAPPED_HEAP_MB}`] : undefined;
  const session = await Session.start({ folder: handbook.folder, launcher });
  try {
    const document = await session.open(site?.page ?? PAGE);
    const warmUp = Math.min(500, Math.floor(edits / 10));
    let requests = 0;
    let rssAfterWarmUpMb = NaN;
    for (let step = 0; step < warmUp + edits; step++) {
      if (step === warmUp) {
        await document.diagnostics();
        await sleep(IDLE_PAUSE_MS);
        rssAfterWarmUpMb = rssMb(session.child.pid);
      }
      await editOnce(document, step);
      if (step % EDITS_PER_REQUEST === 0) {
        await answered(session, document, step);
        requests++;
      }
    }
    await document.diagnostics();
    const rssRightAtEndMb = rssMb(session.child.pid);
    await sleep(IDLE_PAUSE_MS);
    const rssAtEndMb = rssMb(session.child.pid);
    if (!session.isRunning) throw new Error(`soak: the server exited\n${session.stderr.slice(-2000)}`);
    return { edits, requests, rssAfterWarmUpMb, rssRightAtEndMb, rssAtEndMb, growthPercent: (100 * (rssAtEndMb - rssAfterWarmUpMb)) / rssAfterWarmUpMb };
  } finally {
    await session.stop();
    handbook.remove();
  }
}
