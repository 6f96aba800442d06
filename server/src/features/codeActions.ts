// Quick fixes for the diagnostics: the nearest existing include (same file name elsewhere
// first), the right shortcode delimiter — both mended in one edit when a call has both wrong —
// a new include file as the alternative, the nearest page for a moved role and the nearest
// anchor for a missing one. Every fix is an edit for the client to apply: nothing is written here.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { relativePath } from '../model/base/paths';
import { nearestAnchors, nearestIncludes, nearestPages, type Suggestion } from '../model/roles/suggestions';
import { CODES, SOURCE, isDiagnosticCode, type CodeRule } from './diagnostics/codes';
import { FIX_DATA_AT, type FixData, type FixKind, type IncludeCallData, type LinkData } from './diagnostics/fixData';
import { toOffset } from './shared/positions';
import { suppressionFixes } from './suppressionFixes';

/** Edit distance of a typing slip: "competencies" for "competency", a letter left out. */
const TYPO_DISTANCE = 3;

export interface CodeActionContext {
  readonly uri: string;
  /** The document's current text. */
  readonly text: string;
  /** Whether the client can apply a workspace edit that creates a file. */
  readonly canCreateFiles: boolean;
}

export function provideCodeActions(index: HandbookIndex, file: IndexedFile, diagnostics: readonly Diagnostic[], context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const seenTitles = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    for (const action of [...actionsFor(index, file, diagnostic, context), ...suppressionFixes(file, diagnostic, context)]) {
      if (seenTitles.has(action.title)) continue;
      seenTitles.add(action.title);
      actions.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
    }
  }
  return actions;
}

type Action = Omit<CodeAction, 'kind' | 'diagnostics'>;

function actionsFor(index: HandbookIndex, file: IndexedFile, diagnostic: Diagnostic, context: CodeActionContext): Action[] {
  if (!isDiagnosticCode(diagnostic.code)) return [];
  if (diagnostic.code === 'shortcode-unterminated') return closeShortcode(file, diagnostic.range, context);
  const rule: CodeRule = CODES[diagnostic.code];
  switch (rule.fixData) {
    case 'include-call': {
      const call = fixDataOf(file, diagnostic, 'include-call');
      return call ? includeFixes(index, file, call, context) : [];
    }
    case 'link': {
      const link = fixDataOf(file, diagnostic, 'link');
      return link ? linkFixes(index, file, link, context) : [];
    }
    case undefined:
      return [];
  }
}

/**
 * The fact the diagnostic carries in `data`, or the same made again from the fact under its
 * start. LSP makes sending `data` back a client capability (publishDiagnostics.dataSupport, 3.16):
 * VS Code and Neovim do, and an older client that does not still gets its fixes.
 */
function fixDataOf<K extends FixKind>(file: IndexedFile, diagnostic: Diagnostic, kind: K): FixData[K] | undefined {
  const carried = diagnostic.data as FixData[K] | undefined;
  return carried?.kind === kind ? carried : FIX_DATA_AT[kind](file, toOffset(file, diagnostic.range.start));
}

/** The diagnostic's range is the unclosed call's, to the end of its line. */
function closeShortcode(file: IndexedFile, call: Range, context: CodeActionContext): Action[] {
  const { end } = call;
  // Close it the way it was opened: `{{<` with `>}}`, `{{%` with `%}}`.
  const closing = /^\{\{\s*</.test(context.text.slice(toOffset(file, call.start), toOffset(file, end))) ? '>}}' : '%}}';
  return [{ title: `Close the shortcode with "${closing}"`, isPreferred: true, edit: editOf(context.uri, [{ range: { start: end, end }, newText: ` ${closing}` }]) }];
}

function includeFixes(index: HandbookIndex, file: IndexedFile, call: IncludeCallData, context: CodeActionContext): Action[] {
  const close = call.form === '%' ? '%' : '>';
  const written = (includePath: string) => `{{${call.form} include "${includePath}" ${close}}}`;
  const replace = (includePath: string) => editOf(context.uri, [{ range: call.range, newText: written(includePath) }]);
  const { malformed } = call;
  const resolved = call.path ? index.resolveInclude(file.site, call.path) : undefined;
  const actions: Action[] = [];

  if (resolved?.kind === 'found') {
    if (malformed) actions.push({ title: `Fix the include call: ${written(call.path!)}`, isPreferred: true, edit: replace(call.path!) });
    return actions;
  }
  const suggestions = call.path ? nearestIncludes(index, file.site, call.path) : [];
  suggestions.forEach((suggestion, rank) => {
    const sameName = suggestion.score < 1 ? ' (same file name)' : '';
    const title = malformed ? `Fix the call and change the path to ${suggestion.value}${sameName}` : `Change the path to ${suggestion.value}${sameName}`;
    actions.push({ title, isPreferred: rank === 0 && isClearlyNearest(suggestions), edit: replace(suggestion.value) });
  });
  if (malformed && call.path) {
    actions.push({ title: `Fix the call, keep the path: ${written(call.path)}`, edit: replace(call.path) });
  }
  if (resolved?.kind === 'missing' && context.canCreateFiles) {
    const root = file.site.includeRoots.find((candidate) => !candidate.prefix || resolved.normalized.startsWith(`${candidate.prefix}/`));
    if (root) {
      const target = path.join(root.directory, root.prefix ? resolved.normalized.slice(root.prefix.length + 1) : resolved.normalized);
      const edit: WorkspaceEdit = { documentChanges: [{ kind: 'create', uri: URI.file(target).toString(), options: { ignoreIfExists: true } }] };
      if (malformed) edit.documentChanges!.push({ textDocument: { uri: context.uri, version: null }, edits: [{ range: call.range, newText: written(call.path!) }] });
      const created = relativePath(file.site.folder, target);
      actions.push({ title: `Create ${created}${malformed ? ' and fix the call' : ''}`, edit });
    }
  }
  return actions;
}

function linkFixes(index: HandbookIndex, file: IndexedFile, link: LinkData, context: CodeActionContext): Action[] {
  const hash = link.destination.indexOf('#');
  const pagePart = hash === -1 ? link.destination : link.destination.slice(0, hash);
  const fragment = hash === -1 ? undefined : link.destination.slice(hash + 1);
  const resolved = index.resolveLink(file, link.destination);
  const replace = (destination: string) => editOf(context.uri, [{ range: link.range, newText: destination }]);

  if (resolved.kind === 'page' && resolved.viaAlias) {
    const destination = `${resolved.page.url}${fragment !== undefined ? `#${fragment}` : ''}`;
    return [{ title: `Link to the current URL ${destination}`, isPreferred: true, edit: replace(destination) }];
  }
  if (resolved.kind === 'page' && fragment !== undefined && !resolved.anchor) {
    const anchors = nearestAnchors(index, resolved.page, fragment);
    return anchors.map((anchor, rank) => ({
      title: `Change the anchor to #${anchor.value}`,
      isPreferred: rank === 0 && anchors.length === 1,
      edit: replace(`${pagePart}#${anchor.value}`),
    }));
  }
  if (resolved.kind !== 'missing-page') return [];
  const wanted = resolved.target.kind === 'page' ? resolved.target.urlPath : pagePart;
  const pages = nearestPages(index, file.site, wanted);
  const sameName = pages.filter((candidate) => candidate.score < 1);
  return pages.map((candidate, rank) => {
    const page = candidate.value;
    // Keep the fragment when the new page has it; else point at the page itself.
    const keepFragment = fragment !== undefined && index.findAnchor(page, fragment) !== undefined;
    const destination = `${page.url}${keepFragment ? `#${fragment}` : ''}`;
    return {
      title: candidate.score < 1 ? `The role moved: link to ${index.titleOf(page)} (${destination})` : `Link to ${index.titleOf(page)} (${destination})`,
      isPreferred: rank === 0 && sameName.length === 1 && candidate.score < 1,
      edit: replace(destination),
    };
  });
}

/**
 * Whether the best suggestion is clearly the one meant: the same file name found once, or a
 * slip of a few letters when every other candidate is much further away.
 */
function isClearlyNearest(suggestions: readonly Suggestion<unknown>[]): boolean {
  const [best, next] = suggestions;
  if (!best) return false;
  if (best.score < 1) return !(next?.score < 1);
  return best.score <= TYPO_DISTANCE && (!next || next.score >= best.score + TYPO_DISTANCE);
}

function editOf(uri: string, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits } };
}
