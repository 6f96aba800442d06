// Where the settings come from. The handbook's own `.handbook-roles.yaml` (at the root of the
// first workspace folder that has one) wins over the editor's settings, as Prettier's and
// ESLint's files do, so that the editor never passes what CI (which reads the same file) fails;
// only hover.maxLines, which changes no finding, still comes from the editor unless the file sets
// it. Without a file: the client's `workspace/configuration` when it can answer, else what it
// pushed with `workspace/didChangeConfiguration`, else the last known. Settings are checked as
// they are read: a file's problems are diagnostics on the file, an editor setting's a message
// (once, until it changes); both are logged, and the index is built from the rest. The log says
// which source was used whenever it changes.
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { configFileDiagnostics, configFileNotUsed } from '../features/configDiagnostics';
import { DIAGNOSTIC_CODES } from '../features/diagnostics/codes';
import { findConfigFiles, readConfigText, type ConfigReading, type FoundConfigFile } from '../model/base/configFile';
import { checkSettings, type HandbookSettings } from '../model/base/settings';
import { NodeWorkspace } from '../model/base/workspace';

/**
 * How long the server waits for the client's `workspace/configuration` answer. Every build waits
 * for its settings: a client that never answers must not leave the handbook unindexed.
 */
const CONFIGURATION_TIMEOUT_MS = 5000;

export class SettingsSource {
  /** What the client sent in its initialization options. */
  readonly initial: HandbookSettings;
  /** The editor's `handbookRoles` section as last received. */
  private editorRaw: unknown;
  private reported = '';
  /** The source last logged: a configuration file's path, or '' for the editor's settings. */
  private loggedSource: string | undefined;
  /** Configuration files that have diagnostics published: they are cleared once fixed or gone. */
  private withDiagnostics = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly clientAnswersConfiguration: boolean,
    private readonly initialRaw: unknown,
    private readonly folders: () => readonly string[],
  ) {
    this.editorRaw = initialRaw;
    this.initial = this.read(initialRaw);
  }

  async fetch(pushed?: unknown): Promise<HandbookSettings> {
    const editorRaw = await this.editorSettings(pushed);
    const folders = this.folders();
    const files = await findConfigFiles(new NodeWorkspace(folders), folders);
    const used = files.find((file) => file.text !== undefined);
    const reading = used && readConfigText(used.text!, DIAGNOSTIC_CODES);
    this.publishConfigDiagnostics(files, used, reading);
    this.logSource(used?.path ?? '');
    if (used === undefined || reading === undefined) return this.read(editorRaw);
    for (const problem of reading.problems) this.connection.console.warn(`Handbook Roles settings: ${used.path}: ${problem.message}`);
    if ('hover' in reading.raw) return reading.settings;
    return { ...reading.settings, hoverMaxLines: checkSettings(editorRaw).settings.hoverMaxLines };
  }

  /** The editor's settings section: asked for, or as pushed, or the last received. */
  private async editorSettings(pushed: unknown): Promise<unknown> {
    if (!this.clientAnswersConfiguration) {
      const section = (pushed as { handbookRoles?: unknown } | null | undefined)?.handbookRoles;
      if (section !== undefined) this.editorRaw = section;
      return this.editorRaw;
    }
    try {
      this.editorRaw = await withinTime(this.connection.workspace.getConfiguration('handbookRoles'), CONFIGURATION_TIMEOUT_MS);
      return this.editorRaw;
    } catch (error) {
      this.connection.console.warn(
        `Handbook Roles: the editor did not give its settings (${error instanceof Error ? error.message : String(error)}); the handbook is read with the settings it started with`,
      );
      return this.initialRaw;
    }
  }

  private read(raw: unknown): HandbookSettings {
    const { settings, problems } = checkSettings(raw, DIAGNOSTIC_CODES);
    const report = problems.join('\n');
    if (report !== this.reported) {
      this.reported = report;
      for (const problem of problems) this.connection.console.warn(`Handbook Roles settings: ${problem}`);
      if (problems.length > 0) void this.connection.window.showWarningMessage(`Handbook Roles ignores ${problems.length === 1 ? 'a setting' : `${problems.length} settings`}: ${problems.join(' · ')}`);
    }
    return settings;
  }

  private logSource(source: string): void {
    if (source === this.loggedSource) return;
    this.loggedSource = source;
    this.connection.console.info(
      source === ''
        ? "Handbook Roles settings: from the editor's handbookRoles.* settings (no .handbook-roles.yaml at the root of a workspace folder)."
        : `Handbook Roles settings: from ${source}; it wins over the editor's handbookRoles.* settings (but hover.maxLines, unless the file sets it).`,
    );
  }

  /** The used file's problems where they are written; any other configuration file, why it is not used. Files fixed or gone are cleared. */
  private publishConfigDiagnostics(files: readonly FoundConfigFile[], used: FoundConfigFile | undefined, reading: ConfigReading | undefined): void {
    const withDiagnostics = new Set<string>();
    for (const file of files) {
      const diagnostics =
        file === used
          ? configFileDiagnostics(file.text!, reading?.problems ?? [])
          : file.text === undefined
            ? configFileNotUsed(`This configuration file cannot be read (${file.unreadable ?? 'unknown reason'}), so it is not used.`)
            : configFileNotUsed(
                `This configuration file is not used: one set of settings serves the whole workspace, and it comes from ${used?.path}, the first workspace folder's. Move these settings there.`,
              );
      if (diagnostics.length > 0) withDiagnostics.add(file.path);
      if (diagnostics.length > 0 || this.withDiagnostics.has(file.path)) void this.connection.sendDiagnostics({ uri: URI.file(file.path).toString(), diagnostics });
    }
    // A file deleted (or no longer in a workspace folder) shows none.
    for (const gone of this.withDiagnostics) if (!files.some((file) => file.path === gone)) void this.connection.sendDiagnostics({ uri: URI.file(gone).toString(), diagnostics: [] });
    this.withDiagnostics = withDiagnostics;
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
