// Where a Hugo site keeps its pages and its assets: `contentDir`, `assetDir` and module mounts,
// read from hugo.{toml,yaml,json}, config.* or config/_default/*. A config that does not parse
// falls back to Hugo's defaults and says so.
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { Workspace } from '../base/workspace';

/** A folder mounted into one of Hugo's component trees, under a prefix ('' for the root). */
export interface MountedRoot {
  readonly directory: string;
  readonly prefix: string;
}

export interface HugoLayout {
  readonly contentRoots: readonly MountedRoot[];
  readonly assetRoots: readonly MountedRoot[];
  /** `enableEmoji`: Hugo replaces `:emoji_codes:` in the page source before rendering it. */
  readonly emoji: boolean;
  /**
   * `markup.goldmark.renderHooks.link.useEmbedded` is `always` or `fallback` (Hugo ≥ 0.123): the
   * embedded link render hook looks a link's path up as a page (`.GetPage`) before leaving it as
   * written.
   */
  readonly embeddedLinkHook: boolean;
  /** `markup.goldmark.parser.attribute.block`: an attribute block on a line of its own (`{#id}`) sets the block's attributes. */
  readonly blockAttributes: boolean;
  /**
   * `markup.goldmark.extensions.linkify` (on unless turned off): goldmark makes a link of a URL
   * or an e-mail address written bare in text.
   */
  readonly linkify: boolean;
  /** `module.hugoVersion.min`, the oldest Hugo the site says it builds with (e.g. `0.123`), when it says. */
  readonly hugoVersionMin: string | undefined;
  /** The config files that were read (for messages). */
  readonly configFiles: readonly string[];
  readonly problems: readonly string[];
}

const CONFIG_NAMES = ['hugo', 'config'];
const CONFIG_EXTENSIONS = ['toml', 'yaml', 'yml', 'json'];
const CONFIG_FILE_NAMES = CONFIG_NAMES.flatMap((name) => CONFIG_EXTENSIONS.map((extension) => `${name}.${extension}`));
/** The config directory's default environment: Hugo merges the files in it. */
const CONFIG_FOLDER = 'config/_default';

/** Globs of the files that hold a site's Hugo config, for an editor's file watcher. */
export const HUGO_CONFIG_GLOBS: readonly string[] = [`**/{${CONFIG_NAMES.join(',')}}.{${CONFIG_EXTENSIONS.join(',')}}`, `**/${CONFIG_FOLDER}/*`];

/**
 * Whether a change to this file can change a site's layout: a `hugo.*` or `config.*` file
 * anywhere, or anything below a config/_default folder (a folder event included).
 */
export function isHugoConfigFile(file: string): boolean {
  const slashed = file.replaceAll('\\', '/');
  return CONFIG_FILE_NAMES.includes(slashed.slice(slashed.lastIndexOf('/') + 1)) || slashed.includes(`/${CONFIG_FOLDER}/`);
}

export async function readHugoLayout(workspace: Workspace, siteFolder: string): Promise<HugoLayout> {
  const candidates = [
    ...CONFIG_FILE_NAMES.map((name) => path.join(siteFolder, name)),
    ...[...CONFIG_NAMES, 'module'].flatMap((name) => CONFIG_EXTENSIONS.map((extension) => path.join(siteFolder, CONFIG_FOLDER, `${name}.${extension}`))),
  ];
  const merged: Record<string, unknown> = {};
  const configFiles: string[] = [];
  const problems: string[] = [];
  for (const file of candidates) {
    const read = await workspace.read(file, Number.POSITIVE_INFINITY);
    if (read.kind === 'missing') continue;
    if (read.kind !== 'read') {
      // A named pipe, a folder or a forbidden file in a config file's place: say so, never wait on it.
      problems.push(`${path.relative(siteFolder, file)} could not be read (${read.kind === 'unreadable' ? read.reason : 'it is too large'}); using Hugo's default folders.`);
      continue;
    }
    try {
      const parsed = parseConfig(file, new TextDecoder().decode(read.bytes));
      // config/_default/module.toml holds what would sit under [module] in hugo.toml.
      Object.assign(merged, path.basename(file).startsWith('module.') ? { module: parsed } : parsed);
      configFiles.push(file);
    } catch (error) {
      problems.push(`${path.relative(siteFolder, file)} does not parse (${(error as Error).message.split('\n')[0]}); using Hugo's default folders.`);
    }
  }

  const contentDir = folderSetting(merged.contentDir, 'content');
  const assetDir = folderSetting(merged.assetDir, 'assets');
  const mounts = readMounts(merged.module);
  const mountedInto = (component: string): MountedRoot[] =>
    mounts
      .filter((mount) => mount.target === component || mount.target.startsWith(`${component}/`))
      .map((mount) => ({
        directory: path.resolve(siteFolder, mount.source),
        prefix: mount.target.slice(component.length).replace(/^\/+/, ''),
      }));
  // As in Hugo: declaring mounts for a component replaces its default folder.
  const contentMounts = mountedInto('content');
  const assetMounts = mountedInto('assets');
  return {
    contentRoots: contentMounts.length > 0 ? contentMounts : [{ directory: path.resolve(siteFolder, contentDir), prefix: '' }],
    assetRoots: assetMounts.length > 0 ? assetMounts : [{ directory: path.resolve(siteFolder, assetDir), prefix: '' }],
    emoji: configValue(merged, 'enableEmoji') === true,
    embeddedLinkHook: ['always', 'fallback'].includes(String(configValue(merged, 'markup.goldmark.renderHooks.link.useEmbedded'))),
    blockAttributes: configValue(merged, 'markup.goldmark.parser.attribute.block') === true,
    linkify: configValue(merged, 'markup.goldmark.extensions.linkify') !== false,
    hugoVersionMin: versionSetting(configValue(merged, 'module.hugoVersion.min')),
    configFiles,
    problems,
  };
}

/** A folder setting as Hugo reads it: an empty one (`contentDir = ""`) is the default, not the site's own folder. */
function folderSetting(value: unknown, byDefault: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : byDefault;
}

/** A version as written in the config (`0.123`, `"0.123.0"`, TOML reads `0.123` as a number), or undefined. */
function versionSetting(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^v?\d+(\.\d+)*/.test(text) ? text.replace(/^v/, '') : undefined;
}

/** A dotted config key, looked up as Hugo does: without regard to case. */
function configValue(config: Record<string, unknown>, dottedKey: string): unknown {
  let value: unknown = config;
  for (const key of dottedKey.toLowerCase().split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = Object.entries(value).find(([name]) => name.toLowerCase() === key)?.[1];
  }
  return value;
}

function parseConfig(file: string, text: string): Record<string, unknown> {
  const extension = path.extname(file);
  const parsed: unknown = extension === '.toml' ? parseToml(text) : extension === '.json' ? JSON.parse(text) : parseYaml(text);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

function readMounts(module: unknown): { source: string; target: string }[] {
  const mounts = (module as { mounts?: unknown } | undefined)?.mounts;
  if (!Array.isArray(mounts)) return [];
  return mounts.flatMap((mount: { source?: unknown; target?: unknown } | null) =>
    mount && typeof mount.source === 'string' && typeof mount.target === 'string' ? [{ source: mount.source, target: mount.target.replace(/\\/g, '/') }] : [],
  );
}
