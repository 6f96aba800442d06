// The command line's settings: the handbook's `.handbook-roles.yaml` (or the file --config names),
// read by the same reader as the language server's, so that CI checks with exactly the settings
// the editor uses. Without a file, the defaults.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../features/diagnostics/codes';
import { CONFIG_FILE_NAMES, readConfigText } from '../model/base/configFile';
import { DEFAULT_SETTINGS, type HandbookSettings } from '../model/base/settings';
import { LineIndex } from '../model/base/text';

export interface CliConfiguration {
  /** The file the settings came from; undefined: none was found, the defaults apply. */
  readonly file?: string;
  readonly settings: HandbookSettings;
  /** Each problem of the file as `file:line:column: message`, 1-based. */
  readonly problems: readonly string[];
}

/** Thrown when the file --config names cannot be read: nothing is checked then. */
export class ConfigurationError extends Error {}

/** The settings of a check of `folder`: from `given` (--config), else from the folder's own file, else the defaults. */
export async function loadConfiguration(folder: string, given: string | undefined): Promise<CliConfiguration> {
  const file = given !== undefined ? path.resolve(given) : await foundIn(folder);
  if (file === undefined) return { settings: DEFAULT_SETTINGS, problems: [] };
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the configuration ${given ?? file} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Give an existing YAML file to --config.`);
  }
  const reading = readConfigText(text, DIAGNOSTIC_CODES);
  const lines = new LineIndex(text);
  const shownAs = path.relative(process.cwd(), file) || file;
  const problems = reading.problems.map(({ range, message }) => {
    const { line, character } = lines.positionAt(range.start);
    return `${shownAs}:${line + 1}:${character + 1}: ${message}`;
  });
  return { file, settings: reading.settings, problems };
}

/** The folder's configuration file, by the names it may have, if it has one. */
async function foundIn(folder: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(folder, name);
    if ((await fs.stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  }
  return undefined;
}
