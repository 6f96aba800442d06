// Lint: typescript-eslint's type-aware recommended rules over the TypeScript of the extension, the
// server, the tests and the bench. The rule this is here for above all is no-floating-promises:
// the server's handlers are async, and a promise nobody awaits loses its rejection silently.
// Formatting is Prettier's (`npm run format`); eslint-config-prettier, last, turns off every rule
// that would argue with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// node:test's describe/it/test return promises that the runner itself awaits (it runs them in
// order and reports their failures), so a test file never awaits or voids them. Only these
// functions, imported from node:test, are let float; any other promise must be handled.
const nodeTestCalls = { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] };

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'bench/node_modules/', 'bench/results/', 'bench/.corpora/', 'examples/', 'test/e2e/.cache/', 'test-results/', '.cache/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig that owns it: ./tsconfig.json for client/src,
        // server/src, test and bench/*.ts; bench/tsconfig.json for bench/lib and bench/peers.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [nodeTestCalls] }],
      '@typescript-eslint/no-misused-promises': 'error',
      // The code's convention for a value left out on purpose: `{ excerpt: _excerpt, ...rest }`
      // drops a field, and an `_`-named parameter is one an interface makes us accept (tsc's
      // noUnusedParameters already allows those).
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // Off: `async` without `await` is how this code implements a Promise-returning interface
      // (Workspace, the LSP handlers, markdown-language-service's parser) with synchronous work,
      // so that a throw becomes a rejection the caller handles, as it would from the real thing.
      '@typescript-eslint/require-await': 'off',
      // Off: every control character in a regular expression here is meant (ANSI escapes in the
      // CLI's terminal output, the characters YAML forbids in plain scalars) and is written as an
      // escape such as \x1b, never raw, so none of them is there by accident.
      'no-control-regex': 'off',
    },
  },
  {
    // The plain JavaScript at the root (this file, esbuild.mjs) has no types to check against.
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  prettier,
);
