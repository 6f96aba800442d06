// Where the settings come from: the client's `workspace/configuration` when it can answer, else
// what it pushed with `workspace/didChangeConfiguration`, else the last known.
import type { Connection } from 'vscode-languageserver/node';
import { readSettings, type HandbookSettings } from '../model/base/settings';

export class SettingsSource {
  constructor(
    private readonly connection: Connection,
    private readonly clientAnswersConfiguration: boolean,
    /** What the client sent in its initialization options. */
    private readonly initial: HandbookSettings,
    private readonly lastKnown: () => HandbookSettings,
  ) {}

  async fetch(pushed?: unknown): Promise<HandbookSettings> {
    if (!this.clientAnswersConfiguration) {
      const section = (pushed as { handbookRoles?: unknown } | null | undefined)?.handbookRoles;
      return section === undefined ? this.lastKnown() : readSettings(section);
    }
    try {
      return readSettings(await this.connection.workspace.getConfiguration('handbookRoles'));
    } catch {
      return this.initial;
    }
  }
}
