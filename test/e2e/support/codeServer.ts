// A real VS Code for the end-to-end tests: code-server (VS Code 1.100 in the browser, installed by
// test/e2e/setup.sh) with the packaged extension installed, driven by Debian's Chromium through
// playwright-core. Every piece of state (user data, extensions, XDG folders, TMPDIR, HOME, the
// Chromium profile and a copy of the workspace) lives in one temporary folder that stop() removes.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page, type PageScreenshotOptions } from 'playwright-core';
import { freePort, run, startGroup, waitFor, type Started } from './processes';

export const ROOT = path.resolve(__dirname, '../../..');
export const CODE_SERVER = path.join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = path.join(ROOT, 'handbook-roles.vsix');
export const RESULTS = path.join(ROOT, 'test-results');

export interface LaunchOptions {
  /** The .vsix to install. */
  vsix: string;
  /** A folder copied into the temp area and opened as the workspace. */
  workspace: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Screenshots go to test-results/<name>/. */
  name: string;
}

export interface VsCodeSession {
  page: Page;
  context: BrowserContext;
  /** The workspace copy that VS Code has open. */
  workspace: string;
  resultsDir: string;
  /** Where code-server installed the extension (the unpacked .vsix). */
  extensionsDir: string;
  screenshot(name: string, clip?: PageScreenshotOptions['clip']): Promise<string>;
  /** The text of every log file whose name matches (the extension's output channel is "N-Handbook Roles.log"). */
  readLogs(name: RegExp): string;
  /** The extension's output channel and the extension host log, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.hover.delay': 300,
  'editor.cursorBlinking': 'solid',
  'editor.accessibilitySupport': 'off',
  'files.autoSave': 'off',
  'window.commandCenter': false,
  // VS Code's own Markdown path completion mixes file paths into the server's URLs, and the
  // extension offers to turn it off (a notification the other steps do not want in their way).
  'markdown.suggest.paths.enabled': false,
};

export function ensureCodeServer(): void {
  if (!existsSync(CODE_SERVER)) {
    throw new Error(`code-server is not installed at ${path.relative(ROOT, CODE_SERVER)}: run bash test/e2e/setup.sh`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash test/e2e/setup.sh`);
}

/** Packages the extension unless handbook-roles.vsix is newer than everything it is made from. */
export async function ensureVsix(): Promise<string> {
  if (process.env.E2E_VSIX) return path.resolve(process.env.E2E_VSIX);
  const sources = ['dist/client.js', 'dist/server.js', 'package.json', 'syntaxes/hugo-shortcodes.injection.tmLanguage.json'].map((file) => path.join(ROOT, file)).filter((file) => existsSync(file));
  const newest = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  const sourcesChanged = newestSourceUnder(path.join(ROOT, 'server/src'), path.join(ROOT, 'client/src'));
  if (!existsSync(VSIX) || statSync(VSIX).mtimeMs < Math.max(newest, sourcesChanged)) {
    await run('npm', ['run', 'package'], { cwd: ROOT, timeoutMs: 300_000 });
  }
  return VSIX;
}

function newestSourceUnder(...folders: string[]): number {
  let newest = 0;
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

export async function launchVsCode(options: LaunchOptions): Promise<VsCodeSession> {
  ensureCodeServer();
  const temp = mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-e2e-'));
  const dir = (name: string) => {
    const folder = path.join(temp, name);
    mkdirSync(folder, { recursive: true });
    return folder;
  };
  const userData = dir('user-data');
  const extensions = dir('extensions');
  const workspace = path.join(temp, 'workspace', path.basename(options.workspace));
  cpSync(options.workspace, workspace, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir('home'),
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    XDG_CACHE_HOME: dir('xdg-cache'),
    XDG_RUNTIME_DIR: dir('xdg-runtime'),
    TMPDIR: dir('tmp'),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  const resultsDir = path.join(RESULTS, options.name);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  let server: Started | undefined;
  let context: BrowserContext | undefined;
  const stop = async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    if (process.env.E2E_KEEP_TMP !== '1') rmSync(temp, { recursive: true, force: true });
  };
  try {
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
    await run(CODE_SERVER, [...common, '--install-extension', options.vsix], { env, timeoutMs: 120_000 });
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));

    const port = await freePort();
    server = startGroup(
      CODE_SERVER,
      [
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...common,
        workspace,
      ],
      { env, cwd: temp },
    );
    const started = server;
    await waitFor(
      'code-server /healthz',
      async () => {
        if (started.child.exitCode !== null) throw new Error(`code-server exited:\n${started.output()}`);
        const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return response?.ok;
      },
      60_000,
      200,
    );

    context = await chromium.launchPersistentContext(dir('chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      env,
      viewport: { width: 1440, height: 900 },
      deviceScaleFactor: 1,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer shows the workspace once the window has loaded the folder.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });

    let shot = 0;
    return {
      page,
      context,
      workspace,
      resultsDir,
      extensionsDir: extensions,
      async screenshot(name: string, clip?: PageScreenshotOptions['clip']) {
        shot += 1;
        const file = path.join(resultsDir, `${String(shot).padStart(2, '0')}-${name}.png`);
        await page.screenshot({ path: file, clip });
        return file;
      },
      readLogs: (name: RegExp) =>
        logFiles(userData, name)
          .map((file) => readFileSync(file, 'utf8'))
          .join('\n'),
      logs: () => collectLogs(userData, started),
      stop,
    };
  } catch (error) {
    const logs = server ? collectLogs(userData, server) : '';
    await stop();
    if (error instanceof Error && logs) error.message += `\n--- logs ---\n${logs}`;
    throw error;
  }
}

/** The extension's output channel and the extension host logs, each trimmed to its end. */
function collectLogs(userData: string, server: Started): string {
  const logsRoot = path.join(userData, 'logs');
  const parts = logFiles(userData, /Handbook Roles|exthost\.log|remoteexthost\.log/).map((file) => `== ${path.relative(logsRoot, file)}\n${tail(readFileSync(file, 'utf8'), 6000)}`);
  parts.push(`== code-server\n${tail(server.output(), 3000)}`);
  return parts.join('\n');
}

function logFiles(userData: string, name: RegExp): string[] {
  const logsRoot = path.join(userData, 'logs');
  if (!existsSync(logsRoot)) return [];
  return readdirSync(logsRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function tail(text: string, max: number): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}
