// Code lenses: above each role, how many roles extend it and how many pages link to it, and
// "Show effective role"; on the first line of an include file, how many pages include it. Each kind of lens is a LensKind in
// LENS_KINDS: where its lenses stand (cheap, for every lens of a document) and what one of them
// says and does once the editor shows it (resolved lazily). A new lens is a new entry.
import { URI } from 'vscode-uri';
import type { CodeLens, Command, Location, Position } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { pagesIncluding, referencesTo } from '../model/index/references';
import { extendersOf, linksIntoRole } from '../model/roles/extenders';
import { rolesOf, sectionKey, type Role } from '../model/roles/inheritance';
import type { TextRange } from '../model/base/text';
import { referenceLocations } from './references';
import { titleRangeOf } from './shared/targets';
import { toRange } from './shared/positions';

/**
 * The command a references lens runs, with `editor.action.showReferences`' arguments as JSON
 * (the document URI, the position, the locations): a client turns them into its own types and
 * shows the list (the VS Code client registers it; see client/src/showReferences.ts).
 */
export const SHOW_REFERENCES_COMMAND = 'handbookRoles.showReferences';

/**
 * The command an effective-role lens runs, with the document URI and the role's position as JSON:
 * the VS Code client opens its effective-role preview (client/src/effectiveRoleView.ts); another
 * client can ask `workspace/executeCommand` handbookRoles.effectiveRole with them.
 */
export const SHOW_EFFECTIVE_ROLE_COMMAND = 'handbookRoles.showEffectiveRole';

/** What an unresolved lens carries to its resolve request: its kind, its document and which of the document's lenses it is. */
export interface LensData {
  readonly kind: string;
  readonly uri: string;
  /** Which lens of its kind in the document (a role's anchor ID, say); its kind gives it meaning. */
  readonly key: string;
}

interface LensKind {
  /** Where the lenses of this kind stand in `file`, each with its key. */
  readonly place: (index: HandbookIndex, file: IndexedFile) => Promise<{ readonly range: TextRange; readonly key: string }[]>;
  /** The command a lens shows; undefined when what it was about is gone. */
  readonly resolve: (index: HandbookIndex, file: IndexedFile, key: string, at: Position) => Command | undefined;
}

/** Each role of a page: its heading, or the page's title for the role the page itself is. */
async function placeOnRoles(index: HandbookIndex, file: IndexedFile): Promise<{ readonly range: TextRange; readonly key: string }[]> {
  if (file.kind !== 'page') return [];
  const roles = rolesOf(index, file);
  return Promise.all(roles.map(async (role) => ({ range: role.anchor ? role.anchor.range : await titleRangeOf(index, file), key: roleKey(role) })));
}

function roleWithKey(index: HandbookIndex, file: IndexedFile, key: string): Role | undefined {
  return rolesOf(index, file).find((candidate) => roleKey(candidate) === key);
}

const roleReferences: LensKind = {
  place: placeOnRoles,
  resolve(index, file, key, at) {
    const role = roleWithKey(index, file, key);
    if (!role) return undefined;
    const links = linksIntoRole(index, role);
    const extending = new Set(extendersOf(index, role).map((extender) => sectionKey(extender.section))).size;
    const linking = new Set(links.filter((link) => link.kind !== 'extends').map((link) => link.file)).size;
    const parts = [extending > 0 ? `extended by ${count(extending, 'role')}` : '', linking > 0 || extending === 0 ? `linked from ${count(linking, 'page')}` : ''];
    return showReferences(parts.filter((part) => part !== '').join(' · '), file, at, referenceLocations(links));
  },
};

const effectiveRole: LensKind = {
  place: placeOnRoles,
  resolve(index, file, key, at) {
    if (!roleWithKey(index, file, key)) return undefined;
    return { title: 'Show effective role', command: SHOW_EFFECTIVE_ROLE_COMMAND, arguments: [URI.file(file.path).toString(), at] };
  },
};

const includeReferences: LensKind = {
  async place(_index, file) {
    return file.kind === 'include' ? [{ range: { start: 0, end: 0 }, key: '' }] : [];
  },
  resolve(index, file, _key, at) {
    const pages = pagesIncluding(index, file).length;
    return showReferences(`included by ${count(pages, 'page')}`, file, at, referenceLocations(referencesTo(index, { kind: 'include', file })));
  },
};

/** Every kind of lens, by the name its lenses carry in `data.kind`. */
const LENS_KINDS: Readonly<Record<string, LensKind>> = {
  'role-references': roleReferences,
  'effective-role': effectiveRole,
  'include-references': includeReferences,
};

/** The lenses of a document, unresolved: where they stand and what to resolve them from. */
export async function provideCodeLenses(index: HandbookIndex, file: IndexedFile): Promise<CodeLens[]> {
  const uri = URI.file(file.path).toString();
  const lenses = await Promise.all(
    Object.entries(LENS_KINDS).map(async ([kind, lensKind]) =>
      (await lensKind.place(index, file)).map(({ range, key }): CodeLens => ({ range: toRange(file, range), data: { kind, uri, key } satisfies LensData })),
    ),
  );
  return lenses.flat();
}

/** A lens with its command. One whose subject is gone (the document changed meanwhile) says so and does nothing. */
export function resolveCodeLens(index: HandbookIndex, file: IndexedFile, lens: CodeLens): CodeLens {
  const data = lens.data as Partial<LensData> | undefined;
  const lensKind = typeof data?.kind === 'string' ? LENS_KINDS[data.kind] : undefined;
  const command = lensKind && typeof data?.key === 'string' ? lensKind.resolve(index, file, data.key, lens.range.start) : undefined;
  return { ...lens, command: command ?? { title: 'no longer here', command: '' } };
}

/** The document a lens's resolve request is about, from the data it carries. */
export function lensDocument(lens: CodeLens): string | undefined {
  const uri = (lens.data as Partial<LensData> | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** A lens command that opens the references list at `at`; with nothing to list, the title alone (no command). */
function showReferences(title: string, file: IndexedFile, at: Position, locations: Location[]): Command {
  if (locations.length === 0) return { title, command: '' };
  return { title, command: SHOW_REFERENCES_COMMAND, arguments: [URI.file(file.path).toString(), at, locations] };
}

function roleKey(role: Role): string {
  return role.anchor ? `#${role.anchor.id}` : '';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
