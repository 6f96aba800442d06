// Bundles the entry points into dist/: the VS Code client (which loads `vscode` from the host),
// the language server and the command line (both plain Node programs, run via `bin`), and the
// parse worker both of them start for big handbooks.
//
// `node esbuild.mjs --watch` (npm run watch) rebuilds on every change. It prints one line per
// error or warning (file:line:column: severity: text) between "[watch] build started" and
// "[watch] build finished", which is what the VS Code task's problem matcher reads
// (.vscode/tasks.json); "finished" comes once every bundle is written, so a launch that waits
// for it never starts on half a build.
import * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
/**
 * Escapes what esbuild leaves beyond ASCII in a Node bundle: comments (it escapes strings,
 * templates and regular expressions itself, `charset: 'ascii'` being its default). V8 keeps a
 * script's source for as long as it runs, two bytes a character if one character is beyond
 * Latin-1: one `…` in a comment made the CLI's 1.6 MB bundle take 3.2 MB.
 * @type {esbuild.Plugin}
 */
const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.onEnd(async (result) => {
      for (const file of Object.keys(result.metafile?.outputs ?? {}).filter((output) => output.endsWith('.js'))) {
        const text = await fs.readFile(file, 'utf8');
        if (/[^\0-\x7f]/.test(text))
          await fs.writeFile(
            file,
            text.replace(/[^\0-\x7f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`),
          );
      }
    });
  },
};
const builds = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  {
    ...common,
    // parseWorker: the worker threads' entry, which the server and the CLI start from dist/.
    entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli/main.ts', parseWorker: 'server/src/parseWorker.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
    plugins: [asciiOutput],
  },
  // The ladder graph webview's script and style: run in the webview, so for a browser, one file each.
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { ladderGraph: 'client/src/webview/ladderGraph.ts', ladderGraphStyle: 'client/src/webview/ladderGraph.css' },
    outdir: 'dist/webview',
  },
];

// Bundles being built right now. The first builds are counted before any starts, so that one
// quick bundle cannot report "finished" while another has not begun.
let building = builds.length;

/** @type {esbuild.Plugin} */
const reportBuilds = {
  name: 'report-builds',
  setup(build) {
    let first = true;
    build.onStart(() => {
      if (!first && building++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      first = false;
      for (const [severity, messages] of [
        ['error', result.errors],
        ['warning', result.warnings],
      ]) {
        for (const { text, location } of messages) {
          console.error(location ? `${location.file}:${location.line}:${location.column + 1}: ${severity}: ${text}` : `esbuild: ${severity}: ${text}`);
        }
      }
      if (--building === 0) console.log(`[watch] build finished (${new Date().toLocaleTimeString()})`);
    });
  },
};

if (watch) {
  console.log('[watch] build started');
  // esbuild's own log is silenced here: the plugin prints each message once, on one line.
  const contexts = await Promise.all(builds.map((options) => esbuild.context({ ...options, logLevel: 'silent', plugins: [...(options.plugins ?? []), reportBuilds] })));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
