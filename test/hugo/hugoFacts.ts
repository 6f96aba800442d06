// What the real engine says about a Hugo site: builds a temporary copy of the site with Hugo,
// with the test-only templates of test/hugo/layouts laid over the site's own (the site's
// shortcodes, the include shortcode above all, are kept), and reads back, for every page with a
// content file, the URL Hugo serves it at and the IDs of its headings in document order.
//
// The copy keeps the site folder clean (Hugo writes a lock file, resources/ and public/ next to
// its config) and lets the pages that break the build on purpose be left out.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One page as Hugo built it. */
export interface HugoPage {
  /** `.RelPermalink`, e.g. `/job-families/engineering/development/backend/`. */
  readonly url: string;
  /** The `id` of every `<h1>`…`<h6>` of the rendered content, in document order. */
  readonly headingIds: readonly string[];
  /** Every `id`/`name` attribute in the rendered content (headings and raw HTML anchors). */
  readonly ids: readonly string[];
  /** The `href` of every link in the rendered content, as Hugo wrote it. */
  readonly links: readonly string[];
  /** Front matter `aliases`, as written. */
  readonly aliases: readonly string[];
  /** `page`, `section` or `home`. */
  readonly kind: string;
  readonly title: string;
}

export interface HugoSite {
  readonly hugoVersion: string;
  /** Keyed by the content-relative path with '/' separators, e.g. `jobs/developer.md`. */
  readonly pages: Map<string, HugoPage>;
  /** URLs Hugo serves for sections that have no `_index.md` (e.g. `/jobs/`). */
  readonly generatedPages: readonly string[];
}

export interface HugoFactsOptions {
  /** Content-relative paths to leave out of the build (pages that break it on purpose). */
  readonly exclude?: readonly string[];
  /** Path of the hugo binary; default: `hugo` on PATH. */
  readonly hugo?: string;
  /** Keep the temporary copy (its path is printed) instead of deleting it. */
  readonly keep?: boolean;
  /** Changes the copy before Hugo builds it (bench/hugo-agreement.ts stubs what a real site lacks). */
  readonly prepare?: (copy: string) => Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FACTS_LAYOUTS = path.join(HERE, 'layouts');
export const EXAMPLE_SITE = path.resolve(HERE, '../../examples/handbook');

/**
 * The pages of examples/handbook that break a Hugo build on purpose (see its README.md,
 * "Pages that break the Hugo build"). Everything else in the example builds.
 */
export const EXAMPLE_BREAKS_HUGO: readonly string[] = [
  // Malformed YAML front matter (an unquoted ': ' in the title).
  'job-families/engineering/development/management/engineering-fellow.md',
  // A well-formed include of a file that does not exist: the include shortcode's errorf.
  'handbook/engineering/careers/matrix/development/senior.md',
  // An include shortcode that is never closed.
  'handbook/engineering/careers/matrix/development/staff.md',
];

/** The hugo binary on PATH, or undefined. */
export async function findHugo(binary = 'hugo'): Promise<string | undefined> {
  if (binary.includes('/')) return (await isExecutable(binary)) ? binary : undefined;
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, binary);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** `hugo version`'s first line, e.g. `hugo v0.111.3+extended linux/amd64 …`. */
export async function hugoVersion(hugo = 'hugo'): Promise<string> {
  const { stdout } = await run(hugo, ['version'], process.cwd());
  return stdout.trim().split('\n')[0];
}

/** Content-relative path → `{ url, headingIds, … }` for every page Hugo built. */
export async function hugoFacts(siteDir: string, options: HugoFactsOptions = {}): Promise<Map<string, HugoPage>> {
  return (await buildHugoSite(siteDir, options)).pages;
}

export async function buildHugoSite(siteDir: string, options: HugoFactsOptions = {}): Promise<HugoSite> {
  const hugo = options.hugo ?? 'hugo';
  const site = path.resolve(siteDir);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'handbook-hugo-'));
  try {
    const copy = path.join(work, 'site');
    const contentDir = await readContentDir(site);
    const excluded = new Set((options.exclude ?? []).map((file) => path.join(site, contentDir, ...file.split('/'))));
    await fs.cp(site, copy, {
      recursive: true,
      filter: (source) => {
        if (excluded.has(source)) return false;
        const relative = path.relative(site, source);
        const top = relative.split(path.sep)[0];
        return !['public', 'resources', '.hugo_build.lock', 'node_modules', '.git'].includes(top);
      },
    });
    await fs.cp(FACTS_LAYOUTS, path.join(copy, 'layouts'), { recursive: true, force: true });
    await options.prepare?.(copy);

    const publish = path.join(work, 'public');
    const args = ['--source', copy, '--destination', publish, '--cacheDir', path.join(work, 'cache'), '--noBuildLock', '--quiet'];
    const result = await run(hugo, args, copy);
    if (result.code !== 0) {
      throw new Error(`hugo ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr || result.stdout}`);
    }
    const raw = JSON.parse(await fs.readFile(path.join(publish, 'index.html'), 'utf8')) as {
      hugoVersion: string;
      pages: (HugoPage & { path: string })[];
      generatedPages: string[] | null;
    };
    const pages = new Map<string, HugoPage>();
    for (const { path: contentPath, ...page } of raw.pages) {
      pages.set(contentPath, {
        ...page,
        headingIds: page.headingIds ?? [],
        ids: page.ids ?? [],
        links: page.links ?? [],
        aliases: page.aliases ?? [],
      });
    }
    return { hugoVersion: raw.hugoVersion, pages, generatedPages: raw.generatedPages ?? [] };
  } finally {
    if (options.keep) console.error(`hugoFacts: kept ${work}`);
    else await fs.rm(work, { recursive: true, force: true });
  }
}

/** The site's contentDir from hugo.toml/config.toml (only the simple `contentDir = "x"` form). */
async function readContentDir(site: string): Promise<string> {
  for (const name of ['hugo.toml', 'config.toml']) {
    const text = await fs.readFile(path.join(site, name), 'utf8').catch(() => undefined);
    const match = text && /^\s*contentDir\s*=\s*["']([^"']+)["']/m.exec(text);
    if (match) return match[1];
    if (text !== undefined) break;
  }
  return 'content';
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 600_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HUGO_ENVIRONMENT: 'production' } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        // No exit code: the program did not start or was killed (the timeout); say which.
        reject(new Error(`${command} ${args.join(' ')}: ${error.message}`, { cause: error }));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

// `node --import tsx test/hugo/hugoFacts.ts [site]` prints the facts of a site (default: the
// example handbook, without its deliberately broken pages) as JSON.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const siteArgument = process.argv[2];
  const exclude = siteArgument ? [] : EXAMPLE_BREAKS_HUGO;
  buildHugoSite(siteArgument ?? EXAMPLE_SITE, { exclude }).then(
    (site) => console.log(JSON.stringify({ ...site, pages: Object.fromEntries(site.pages) }, null, 2)),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
