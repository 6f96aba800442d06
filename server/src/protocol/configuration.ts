// Where the settings come from: the client's `workspace/configuration` when it can answer, else
// what it pushed with `workspace/didChangeConfiguration`, else the last known. Settings are
// checked as they are read: what is wrong with them is shown to the user (once, until it changes)
// and logged, and the index is built from the rest.
import type { Connection } from 'vscode-languageserver/node';
import { checkSettings, type HandbookSettings } from '../model/base/settings';

/**
 * How long the server waits for the client's `workspace/configuration` answer. Every build waits
 * for its settings: a client that never answers must not leave the handbook unindexed.
 */
const CONFIGURATION_TIMEOUT_MS = 5000;

export class SettingsSource {
  /** What the client sent in its initialization options. */
  readonly initial: HandbookSettings;
  private reported = '';

  constructor(
    private readonly connection: Connection,
    private readonly clientAnswersConfiguration: boolean,
    initialRaw: unknown,
    private readonly lastKnown: () => HandbookSettings,
  ) {
    this.initial = this.read(initialRaw);
  }

  async fetch(pushed?: unknown): Promise<HandbookSettings> {
    if (!this.clientAnswersConfiguration) {
      const section = (pushed as { handbookRoles?: unknown } | null | undefined)?.handbookRoles;
      return section === undefined ? this.lastKnown() : this.read(section);
    }
    try {
      return this.read(await withinTime(this.connection.workspace.getConfiguration('handbookRoles'), CONFIGURATION_TIMEOUT_MS));
    } catch (error) {
      this.connection.console.warn(
        `Handbook Roles: the editor did not give its settings (${error instanceof Error ? error.message : String(error)}); the handbook is read with the settings it started with`,
      );
      return this.initial;
    }
  }

  private read(raw: unknown): HandbookSettings {
    const { settings, problems } = checkSettings(raw);
    const report = problems.join('\n');
    if (report !== this.reported) {
      this.reported = report;
      for (const problem of problems) this.connection.console.warn(`Handbook Roles settings: ${problem}`);
      if (problems.length > 0) void this.connection.window.showWarningMessage(`Handbook Roles ignores ${problems.length === 1 ? 'a setting' : `${problems.length} settings`}: ${problems.join(' · ')}`);
    }
    return settings;
  }
}

/** What `promise` gives, or an error once `milliseconds` pass without it. */
function withinTime<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to workspace/configuration within ${milliseconds / 1000} s`)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
