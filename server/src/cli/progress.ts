// The progress line: on a terminal only (stderr is a TTY), redrawn in place at most ten times a
// second, and erased before anything else is printed. CI logs, pipes and files never see it.
import type { CheckProgress } from './check';

const REDRAW_INTERVAL_MS = 100;

export interface ProgressLine {
  readonly report: CheckProgress;
  clear(): void;
}

export function progressLine(stream: NodeJS.WriteStream): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  let lastDrawn = 0;
  let drawn = false;
  const report: CheckProgress = (phase, done, total) => {
    const now = Date.now();
    if (done < total && now - lastDrawn < REDRAW_INTERVAL_MS) return;
    lastDrawn = now;
    drawn = true;
    stream.write(`\r${phase === 'indexing' ? 'Reading' : 'Checking'} ${done}/${total} files…\x1b[K`);
  };
  return {
    report,
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
