// Bundles the entry points into dist/: the VS Code client (which loads `vscode` from the host),
// the language server and the command line (both plain Node programs, run via `bin`), and the
// parse worker both of them start for big handbooks.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
const builds = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  {
    ...common,
    // parseWorker: the worker threads' entry, which the server and the CLI start from dist/.
    entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli/main.ts', parseWorker: 'server/src/parseWorker.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
