// Writes dist/readme.md, the README the .vsix carries (`npm run package` hands it to vsce with
// --readme-path and --no-rewrite-relative-links). vsce's own rewriting of relative links also
// rewrites the example links inside code spans and fences, so the details page would show
// `[Staff](https://gitlab.com/…/staff/)` where the README says `[Staff](staff/)`. Here only
// the README's real relative links — those that name a file of the repository — are made
// absolute, found with the model's own Markdown scanner, which leaves code alone.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanMarkdown } from '../server/src/model/page/markdown/scanner';
import { destinationRange } from '../server/src/model/page/markdown/syntax';

const ROOT = path.resolve(__dirname, '..');
const REPOSITORY = 'https://gitlab.com/handbook-roles/handbook-roles';
/** Pages are shown by GitLab's file view; images must be the raw bytes to render. */
export const LINK_BASE = `${REPOSITORY}/-/blob/HEAD/`;
export const IMAGE_BASE = `${REPOSITORY}/-/raw/HEAD/`;

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The README with every relative link or image that names an existing file made absolute. */
export function packagedReadme(readme: string, isRepositoryFile: (relativePath: string) => boolean): string {
  const { links, codeRanges } = scanMarkdown(readme);
  const inCode = (offset: number) => codeRanges.some((range) => range.start <= offset && offset < range.end);
  const names = (destination: string) => !/^([a-z][a-z0-9+.-]*:|[#/])/i.test(destination) && isRepositoryFile(destination.split('#')[0]);
  const replacements: Replacement[] = links.filter((link) => link.kind === 'inline' && names(link.destination)).map((link) => ({ ...destinationRange(link), text: LINK_BASE + link.destination }));
  // The scanner does not report images: `![alt](destination)` outside code.
  for (const image of readme.matchAll(/!\[[^\]\n]*\]\(([^)\s]+)/g)) {
    const start = image.index + image[0].length - image[1].length;
    if (!inCode(image.index) && names(image[1])) replacements.push({ start, end: start + image[1].length, text: IMAGE_BASE + image[1] });
  }
  replacements.sort((a, b) => b.start - a.start);
  return replacements.reduce((text, { start, end, text: absolute }) => text.slice(0, start) + absolute + text.slice(end), readme);
}

/** Writes dist/readme.md from README.md; returns its path. */
export function writePackagedReadme(root = ROOT): string {
  const target = path.join(root, 'dist/readme.md');
  mkdirSync(path.dirname(target), { recursive: true });
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  writeFileSync(
    target,
    packagedReadme(readme, (relativePath) => existsSync(path.join(root, relativePath))),
  );
  return target;
}

if (require.main === module) writePackagedReadme();
