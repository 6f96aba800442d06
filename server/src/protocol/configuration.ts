// Where the settings come from: the client's `workspace/configuration` when it can answer, else
// what it pushed with `workspace/didChangeConfiguration`, else the last known. Settings are
// checked as they are read: what is wrong with them is shown to the user (once, until it changes)
// and logged, and the index is built from the rest.
import type { Connection } from 'vscode-languageserver/node';
import { checkSettings, type HandbookSettings } from '../model/base/settings';

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
      return this.read(await this.connection.workspace.getConfiguration('handbookRoles'));
    } catch {
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
