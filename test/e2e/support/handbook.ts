// What the end-to-end tests expect of the example handbook, taken from examples/handbook/README.md
// (the seed pages, the malformed include and its fix, the first role chain) and from the pages
// themselves, so that both editors check the same user-visible behaviour.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './codeServer';

export const HANDBOOK = path.resolve(ROOT, process.env.E2E_HANDBOOK ?? 'examples/handbook');
export const ROLES = 'content/job-families/engineering/development/management';
/** Seed 000: a role that extends Distinguished Engineer → Principal Engineer → Staff Engineer. */
export const SEED_000 = `${ROLES}/senior-distinguished.md`;
/** Seed 003: a career-framework page with the malformed include. */
export const SEED_003 = 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior.md';
export const MALFORMED = '{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}';
/** The README's fix: the file of the same name under includes/engineering-careers/, delimiter mended. */
export const MENDED_PATH = 'includes/engineering-careers/development-senior-leadership-competency.md';
export const MENDED = `{{% include "${MENDED_PATH}" %}}`;
/** 1-based, as editors show it. */
export const MALFORMED_LINE = readFileSync(path.join(HANDBOOK, SEED_003), 'utf8').split('\n').indexOf(MALFORMED) + 1;
export const EXTENDS_DISTINGUISHED = /Extends that of the \[Distinguished Engineer\]\(.*#requirements\)/;
/** What completing "[Distin" and choosing Distinguished Engineer writes. */
export const DISTINGUISHED_LINK = /\[Distinguished Engineer\]\(\/job-families\/engineering\/development\/management\/distinguished\/?\)/;

/** A role page's own requirements: the bullets under "## Requirements" other than the extends sentence. */
export function ownRequirements(page: string): string[] {
  const text = readFileSync(path.join(HANDBOOK, page), 'utf8');
  const section = /^## Requirements\n([\s\S]*?)(?=^## )/m.exec(text);
  assert.ok(section, `${page} has a Requirements section`);
  return section[1]
    .split('\n')
    .filter((line) => line.startsWith('- ') && !/extends that of/i.test(line))
    .map((line) => line.slice(2));
}
