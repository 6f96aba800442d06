// The catalog of diagnostic codes: for each, the severity computeDiagnostics reports it at, the
// fact its quick fixes need (carried in the diagnostic's `data`, see fixData.ts), and what the
// rule means for reports that describe their rules (SARIF's tool.driver.rules, shown by
// code-scanning UIs next to every result). The codes are stable: the command line, baselines and
// quick fixes key on them; README.md's table of codes documents them (test/unit/tidy.test.ts).
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS } from '../../model/base/settings';
import type { FixKind } from './fixData';

/** The `source` of every diagnostic: code actions answer only their own. */
export const SOURCE = 'handbook-roles';

export interface CodeRule {
  readonly severity: DiagnosticSeverity;
  /** The fact a quick fix of this code works on, carried in `diagnostic.data`; none when it needs no fact. */
  readonly fixData?: FixKind;
  /** One sentence: what is wrong. */
  readonly summary: string;
  /** What the check looks at and why it matters for the handbook. */
  readonly description: string;
  /** How to fix it. */
  readonly help: string;
}

/** In the order SARIF lists its rules (a result names its rule by this index). */
export const CODES = {
  'file-not-text': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A Markdown file holds binary data.',
    description: 'A file with a .md name under the content or include folders is not UTF-8 text, so none of its links or includes can be checked, and Hugo cannot render it as a page.',
    help: 'Remove the file, or rename it away from .md if it is not meant to be a page.',
  },
  'file-too-large': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A Markdown file is too large to check.',
    description: `Files over the size limit (handbookRoles.maxFileSize, ${DEFAULT_SETTINGS.maxFileSize / (1024 * 1024)} MB by default) are listed but not parsed, so their links and includes are not checked.`,
    help: 'Split the page into smaller pages, or raise the size limit.',
  },
  'file-unreadable': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A Markdown file cannot be read.',
    description:
      'A file with a .md name under the content or include folders cannot be read: its permissions forbid it, it is a loop of symbolic links, or a symbolic link out of the site. None of its links or includes can be checked, and Hugo cannot build it either.',
    help: "Fix the file's permissions or the symbolic link, or remove the file.",
  },
  'front-matter-invalid': {
    severity: DiagnosticSeverity.Error,
    summary: "A page's front matter does not parse.",
    description: "The YAML or TOML front matter of a page has a syntax error. Hugo fails the build on it, and the page's title, url, slug and aliases are unknown to the check.",
    help: 'Fix the syntax on the reported line; a value that contains ": " needs quotes.',
  },
  'shortcode-unterminated': {
    severity: DiagnosticSeverity.Error,
    // Its quick fix needs only the diagnostic's range, which is the call's.
    summary: 'A shortcode call is never closed.',
    description: 'A {{% or {{< shortcode call has no closing delimiter. Hugo fails the build with "unrecognized character in shortcode action".',
    help: 'End the call with %}} (or >}} for the {{< form).',
  },
  'include-malformed': {
    severity: DiagnosticSeverity.Error,
    fixData: 'include-call',
    summary: 'An include shortcode call is malformed.',
    description:
      'An include call has a wrong opening or closing delimiter, no path, an unquoted path or no end. Hugo prints a call with a wrong opening delimiter as text, and fails the build on the others.',
    help: 'Write the call as {{% include "includes/….md" %}} (or {{< include "…" >}} for HTML that must not be rendered as Markdown).',
  },
  'include-missing': {
    severity: DiagnosticSeverity.Error,
    fixData: 'include-call',
    summary: 'An included file does not exist.',
    description: "The path of an include call names no file in the include folders (Hugo's assets). The include shortcode's resources.Get finds nothing and Hugo fails the build.",
    help: 'Fix the path (the editor extension suggests the nearest existing include) or create the file.',
  },
  'include-outside-root': {
    severity: DiagnosticSeverity.Error,
    fixData: 'include-call',
    summary: 'An include path leaves the include folder.',
    description: "An include path climbs out of the include folders with ../; Hugo's resources.Get reads only files inside them.",
    help: 'Use a path relative to the include folder, such as includes/….md.',
  },
  'include-nested': {
    severity: DiagnosticSeverity.Warning,
    summary: 'An include file calls include itself.',
    description:
      "The handbook's include shortcode writes the included file out as it is, and Hugo does not expand shortcodes in a shortcode's output, so a nested include call is printed as literal text and its file is never included.",
    help: 'Remove the nested call and include both files from the page.',
  },
  'include-cycle': {
    severity: DiagnosticSeverity.Warning,
    summary: 'Include files include each other in a cycle.',
    description:
      'Following the nested include calls from this file leads back to a file already being included. Hugo does not loop (it prints nested calls as text), but the calls say something the page will never show.',
    help: 'Remove the nested calls of the cycle named in the message and include each file from the page.',
  },
  'extends-missing-page': {
    severity: DiagnosticSeverity.Error,
    fixData: 'link',
    summary: 'A role extends a page that does not exist.',
    description: 'The link of an inheritance sentence ("Extends that of the [Role](…) requirements") points at no page of the handbook, so the role inherits nothing.',
    help: 'Point the link at the role it should extend; the editor extension suggests where a moved role lives now.',
  },
  'extends-missing-section': {
    severity: DiagnosticSeverity.Error,
    fixData: 'link',
    summary: 'A role extends a section that does not exist.',
    description: 'The link of an inheritance sentence points at an existing page but at an anchor that none of its headings or HTML anchors has, so the role inherits nothing.',
    help: "Link to the heading's anchor as Hugo generates it (lower case, spaces as -, punctuation dropped).",
  },
  'extends-cycle': {
    severity: DiagnosticSeverity.Error,
    summary: 'Roles extend each other in a cycle.',
    description: 'Following the inheritance sentences from this role leads back to it, so inheritance never ends.',
    help: 'Remove one of the extends sentences of the cycle named in the message.',
  },
  'extends-self': {
    severity: DiagnosticSeverity.Error,
    summary: 'A role extends itself.',
    description: 'An inheritance sentence links to the section it is written in.',
    help: 'Link to the role this one builds on, usually the level below it.',
  },
  'link-missing-page': {
    severity: DiagnosticSeverity.Warning,
    fixData: 'link',
    summary: 'A link into the handbook points at a page that does not exist.',
    description: 'A Markdown link or HTML href to a handbook URL (relative, root-absolute, or absolute to one of the site hosts) matches no page, alias or generated section page.',
    help: 'Fix the URL; when a role moved, link to its new page (the message names it when a page with the same last segment exists).',
  },
  'link-missing-anchor': {
    severity: DiagnosticSeverity.Warning,
    fixData: 'link',
    summary: 'A link points at an anchor the page does not have.',
    description: "The page exists, but none of its headings (including those of included files), {#id} attributes or HTML id/name anchors has the link's #anchor.",
    help: "Link to the heading's anchor as Hugo generates it (lower case, spaces as -, punctuation dropped).",
  },
  'link-via-alias': {
    severity: DiagnosticSeverity.Information,
    fixData: 'link',
    summary: 'A link reaches its page only through an old alias.',
    description: "The link's URL is an alias in the front matter of a page that moved. It works (Hugo writes a redirect page), but readers take a redirect.",
    help: "Link to the page's current URL, named in the message.",
  },
  'suppression-invalid': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A suppression comment cannot be used.',
    description:
      'A <!-- handbook-roles-… --> comment names a directive other than disable-next-line, disable-line, disable and enable, a rule that is not a diagnostic code, or is never closed, so it does not suppress what its author meant.',
    help: 'Write <!-- handbook-roles-disable-next-line CODE --> with a code from the table of diagnostics, or remove the comment.',
  },
  'suppression-unused': {
    severity: DiagnosticSeverity.Information,
    summary: 'A suppression comment suppresses nothing.',
    description:
      'A handbook-roles-disable… comment excuses a finding that is no longer there (the link was fixed), or an enable comment ends no disable: left in place, it would hide a new problem of that kind later.',
    help: 'Remove the comment.',
  },
  'link-address-as-path': {
    severity: DiagnosticSeverity.Warning,
    fixData: 'link',
    summary: 'An e-mail address or a domain is written as a relative link.',
    description:
      'A link destination such as (someone@example.com) or (pypi.org) has no scheme, so Hugo writes it as a path relative to the page and the browser asks the site for it: the link is dead.',
    help: 'Write mailto: before an e-mail address and https:// before a domain.',
  },
  'ref-missing-page': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A ref or relref shortcode names no page.',
    description:
      "Hugo's ref and relref look the path up relative to the page, then from the content root, then as a bare page name; a path none of those find (or a name two pages share, or no path at all) becomes an empty href on the site, with only a warning in the build.",
    help: 'Write the content path of the page, such as "/handbook/values/_index.md" or "../sibling.md".',
  },
  'ref-missing-anchor': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A ref or relref shortcode points at an anchor its page does not have.',
    description: 'The page is found, but none of its headings, {#id} attributes or HTML anchors has the #anchor; Hugo writes the link without checking it.',
    help: "Use the heading's anchor as Hugo generates it (lower case, spaces as -, punctuation dropped).",
  },
  'link-empty': {
    severity: DiagnosticSeverity.Warning,
    summary: 'A link has no destination.',
    description:
      'A link written [text]() or <a href="">: the site writes href="", which leads back to the page itself. It is usually a link whose URL was lost (left out of a template, or of a translation).',
    help: 'Write the page or URL the link should lead to, or make the text plain.',
  },
} as const satisfies Record<string, CodeRule>;

export type DiagnosticCode = keyof typeof CODES;

export const DIAGNOSTIC_CODES = Object.keys(CODES) as DiagnosticCode[];

export function isDiagnosticCode(code: unknown): code is DiagnosticCode {
  return typeof code === 'string' && Object.hasOwn(CODES, code);
}
