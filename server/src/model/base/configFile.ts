// The handbook's own configuration file, `.handbook-roles.yaml` at the site root: the settings
// the editor and the command line share, so that CI and the editor never disagree. Its keys are
// the `handbookRoles.*` settings without the prefix (plus `rules`, `ignore`, `ignoreLinks`),
// checked by the same checkSettings as a client's settings; this file adds what a file has and a
// client's settings do not: YAML syntax errors, keys nobody reads, and a place in the text for
// every problem, so that the editor can show each on its line.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import * as path from 'node:path';
import { checkSettings, type HandbookSettings } from './settings';
import type { TextRange } from './text';
import type { Workspace } from './workspace';

/** The names the file is looked for by, at the site root, in this order. */
export const CONFIG_FILE_NAMES = ['.handbook-roles.yaml', '.handbook-roles.yml'] as const;

/** A glob of the configuration file anywhere, for file watchers. */
export const CONFIG_FILE_GLOB = '**/.handbook-roles.{yaml,yml}';

export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

/** No configuration is this big; a bigger file is not read (it would be a mistake, or an attack on the parser). */
export const MAX_CONFIG_FILE_SIZE = 256 * 1024;

/** A configuration file found in a folder, and its text (undefined with `unreadable` when it could not be read). */
export interface FoundConfigFile {
  readonly path: string;
  readonly text: string | undefined;
  readonly unreadable?: string;
}

/** The configuration file of each folder that has one, in the folders' order, read through the workspace (which refuses anything outside it). */
export async function findConfigFiles(workspace: Workspace, folders: readonly string[]): Promise<FoundConfigFile[]> {
  const found: FoundConfigFile[] = [];
  for (const folder of folders) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(folder, name);
      const read = await workspace.read(file, MAX_CONFIG_FILE_SIZE);
      if (read.kind === 'missing') continue;
      if (read.kind === 'read') found.push({ path: file, text: new TextDecoder().decode(read.bytes) });
      else found.push({ path: file, text: undefined, unreadable: read.kind === 'too-large' ? `it is over ${MAX_CONFIG_FILE_SIZE / 1024} KB` : read.reason });
      break;
    }
  }
  return found;
}

/** One thing wrong with the file: what, how to fix it, and where in its text. */
export interface ConfigProblem {
  readonly message: string;
  readonly range: TextRange;
}

export interface ConfigReading {
  /** The file's settings as written (a mapping; empty when the file is empty or not a mapping). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** What checkSettings makes of them: the defaults for whatever is missing or broken. */
  readonly settings: HandbookSettings;
  readonly problems: readonly ConfigProblem[];
}

/**
 * Reads the file's text into settings. Nothing in it can stop a check: a syntax error keeps what
 * parsed before and around it, a key of the wrong type or an unknown key gives the default, and
 * each is a problem. `ruleNames` are the rules `rules` may name (the diagnostic codes).
 */
export function readConfigText(text: string, ruleNames: readonly string[]): ConfigReading {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = document.errors.map((error) => ({
    message: `Not valid YAML: ${firstLine(error.message)}. Fix the syntax; until then, what cannot be read takes its default.`,
    range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) },
  }));
  const raw = mappingOf(document);
  if (typeof raw === 'string') {
    problems.push({ message: `${raw}; every setting takes its default.`, range: wholeOf(document, text) });
    return { raw: {}, settings: checkSettings({}, ruleNames).settings, problems };
  }
  const { settings, located } = checkSettings(raw, ruleNames);
  for (const { path, detail } of located) problems.push({ message: `${path.join('.').replace(/\.(\d+)/g, '[$1]')}: ${detail}.`, range: rangeOf(document, path) ?? wholeOf(document, text) });
  for (const path of unreadKeys(raw, ruleNames)) {
    problems.push({
      message: `Unknown setting ${path.join('.')}: it is ignored. The settings are those of the README's table without the "handbookRoles." prefix, with hover.maxLines written as hover: { maxLines: … }.`,
      range: rangeOf(document, path, 'key') ?? wholeOf(document, text),
    });
  }
  problems.sort((a, b) => a.range.start - b.range.start);
  return { raw, settings, problems };
}

/** The document's contents as plain values (what a broken document still holds, where the parser could make it out), or why there are none. */
function mappingOf(document: Document): Record<string, unknown> | string {
  const notMapping = 'The configuration must be a mapping of setting names to values (contentRoots: [...], rules: {...})';
  if (document.contents === null) return {};
  if (!isMap(document.contents)) return notMapping;
  try {
    // Aliases are capped: a few lines of nested aliases would otherwise expand into billions of values.
    const value: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : notMapping;
  } catch (error) {
    return `The configuration could not be read (${error instanceof Error ? firstLine(error.message) : String(error)})`;
  }
}

/** More aliases than any real configuration has. */
const MAX_ALIAS_COUNT = 100;

/**
 * The keys of `raw` (and of its mappings, one level down) that checkSettings never looks at:
 * found by letting it read `raw` through a proxy that notes every key asked for, so that a
 * setting added to checkSettings is known here without a second list of names. A mapping's own
 * keys are judged only where checkSettings read a key of it (hover), not where it refused the
 * mapping whole (a mapping given for a list).
 */
function unreadKeys(raw: Readonly<Record<string, unknown>>, ruleNames: readonly string[]): string[][] {
  const read = new Set<string>();
  const noting = (target: Record<string, unknown>, prefix: string): Record<string, unknown> =>
    new Proxy(target, {
      get(object, key) {
        const value: unknown = Reflect.get(object, key);
        if (typeof key !== 'string') return value;
        read.add(prefix + key);
        return prefix === '' && isPlainMapping(value) ? noting(value, `${key}.`) : value;
      },
    });
  checkSettings(noting({ ...raw }, ''), ruleNames);
  const unread: string[][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!read.has(key)) unread.push([key]);
    else if (isPlainMapping(value) && [...read].some((name) => name.startsWith(`${key}.`))) {
      for (const inner of Object.keys(value)) if (!read.has(`${key}.${inner}`)) unread.push([key, inner]);
    }
  }
  return unread;
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Where the value (or, with `part` 'key', the key) at `path` is written, or undefined. */
function rangeOf(document: Document, path: readonly (string | number)[], part: 'key' | 'pair' = 'pair'): TextRange | undefined {
  let node: unknown = document.contents;
  let found: TextRange | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) return found;
      const key = pair.key as Node;
      const value = pair.value as Node | null;
      found = rangeOfNodes(part === 'key' ? [key] : [key, value]);
      node = value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) return found;
      found = rangeOfNodes([item]);
      node = item;
    } else {
      return found;
    }
  }
  return found;
}

function rangeOfNodes(nodes: readonly (Node | null)[]): TextRange | undefined {
  const ranges = nodes.flatMap((node) => (node?.range ? [node.range] : []));
  if (ranges.length === 0) return undefined;
  return { start: ranges[0][0], end: ranges[ranges.length - 1][1] };
}

function wholeOf(document: Document, text: string): TextRange {
  const range = document.contents?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: text.length };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}
