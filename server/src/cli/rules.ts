// What each diagnostic code means, for the reports that describe their rules (SARIF's
// tool.driver.rules, shown by code-scanning UIs next to every result). Keyed by the codes of
// features/diagnostics.ts, so a new code without a description does not compile; the levels are
// the severities computeDiagnostics gives each code (test/cli/rules.test.ts holds them equal).
import type { DiagnosticCode } from '../features/diagnostics/diagnostics';
import type { Severity } from './findings';

export interface RuleDescription {
  /** One sentence: what is wrong. */
  readonly summary: string;
  /** What the check looks at and why it matters for the handbook. */
  readonly description: string;
  /** How to fix it. */
  readonly help: string;
  readonly severity: Severity;
}

export const RULES: Record<DiagnosticCode, RuleDescription> = {
  'file-not-text': {
    summary: 'A Markdown file holds binary data.',
    description: 'A file with a .md name under the content or include folders is not UTF-8 text, so none of its links or includes can be checked, and Hugo cannot render it as a page.',
    help: 'Remove the file, or rename it away from .md if it is not meant to be a page.',
    severity: 'warning',
  },
  'file-too-large': {
    summary: 'A Markdown file is too large to check.',
    description: 'Files over the size limit (handbookRoles.maxFileSize, 5 MB by default) are listed but not parsed, so their links and includes are not checked.',
    help: 'Split the page into smaller pages, or raise the size limit.',
    severity: 'warning',
  },
  'file-unreadable': {
    summary: 'A Markdown file cannot be read.',
    description: 'A file with a .md name under the content or include folders cannot be read: its permissions forbid it, it is a loop of symbolic links, or a symbolic link out of the site. None of its links or includes can be checked, and Hugo cannot build it either.',
    help: "Fix the file's permissions or the symbolic link, or remove the file.",
    severity: 'warning',
  },
  'front-matter-invalid': {
    summary: "A page's front matter does not parse.",
    description: "The YAML or TOML front matter of a page has a syntax error. Hugo fails the build on it, and the page's title, url, slug and aliases are unknown to the check.",
    help: 'Fix the syntax on the reported line; a value that contains ": " needs quotes.',
    severity: 'error',
  },
  'shortcode-unterminated': {
    summary: 'A shortcode call is never closed.',
    description: 'A {{% or {{< shortcode call has no closing delimiter. Hugo fails the build with "unrecognized character in shortcode action".',
    help: 'End the call with %}} (or >}} for the {{< form).',
    severity: 'error',
  },
  'include-malformed': {
    summary: 'An include shortcode call is malformed.',
    description: 'An include call has a wrong opening or closing delimiter, no path, an unquoted path or no end. Hugo prints a call with a wrong opening delimiter as text, and fails the build on the others.',
    help: 'Write the call as {{% include "includes/….md" %}} (or {{< include "…" >}} for HTML that must not be rendered as Markdown).',
    severity: 'error',
  },
  'include-missing': {
    summary: 'An included file does not exist.',
    description: "The path of an include call names no file in the include folders (Hugo's assets). The include shortcode's resources.Get finds nothing and Hugo fails the build.",
    help: 'Fix the path (the editor extension suggests the nearest existing include) or create the file.',
    severity: 'error',
  },
  'include-outside-root': {
    summary: 'An include path leaves the include folder.',
    description: "An include path climbs out of the include folders with ../; Hugo's resources.Get reads only files inside them.",
    help: 'Use a path relative to the include folder, such as includes/….md.',
    severity: 'error',
  },
  'include-nested': {
    summary: 'An include file calls include itself.',
    description: "The handbook's include shortcode writes the included file out as it is, and Hugo does not expand shortcodes in a shortcode's output, so a nested include call is printed as literal text and its file is never included.",
    help: 'Remove the nested call and include both files from the page.',
    severity: 'warning',
  },
  'include-cycle': {
    summary: 'Include files include each other in a cycle.',
    description: 'Following the nested include calls from this file leads back to a file already being included. Hugo does not loop (it prints nested calls as text), but the calls say something the page will never show.',
    help: 'Remove the nested calls of the cycle named in the message and include each file from the page.',
    severity: 'warning',
  },
  'extends-missing-page': {
    summary: 'A role extends a page that does not exist.',
    description: 'The link of an inheritance sentence ("Extends that of the [Role](…) requirements") points at no page of the handbook, so the role inherits nothing.',
    help: 'Point the link at the role it should extend; the editor extension suggests where a moved role lives now.',
    severity: 'error',
  },
  'extends-missing-section': {
    summary: 'A role extends a section that does not exist.',
    description: 'The link of an inheritance sentence points at an existing page but at an anchor that none of its headings or HTML anchors has, so the role inherits nothing.',
    help: "Link to the heading's anchor as Hugo generates it (lower case, spaces as -, punctuation dropped).",
    severity: 'error',
  },
  'extends-cycle': {
    summary: 'Roles extend each other in a cycle.',
    description: 'Following the inheritance sentences from this role leads back to it, so inheritance never ends.',
    help: 'Remove one of the extends sentences of the cycle named in the message.',
    severity: 'error',
  },
  'extends-self': {
    summary: 'A role extends itself.',
    description: 'An inheritance sentence links to the section it is written in.',
    help: 'Link to the role this one builds on, usually the level below it.',
    severity: 'error',
  },
  'link-missing-page': {
    summary: 'A link into the handbook points at a page that does not exist.',
    description: 'A Markdown link or HTML href to a handbook URL (relative, root-absolute, or absolute to one of the site hosts) matches no page, alias or generated section page.',
    help: 'Fix the URL; when a role moved, link to its new page (the message names it when a page with the same last segment exists).',
    severity: 'warning',
  },
  'link-missing-anchor': {
    summary: 'A link points at an anchor the page does not have.',
    description: "The page exists, but none of its headings (including those of included files), {#id} attributes or HTML id/name anchors has the link's #anchor.",
    help: "Link to the heading's anchor as Hugo generates it (lower case, spaces as -, punctuation dropped).",
    severity: 'warning',
  },
  'link-via-alias': {
    summary: 'A link reaches its page only through an old alias.',
    description: "The link's URL is an alias in the front matter of a page that moved. It works (Hugo writes a redirect page), but readers take a redirect.",
    help: "Link to the page's current URL, named in the message.",
    severity: 'information',
  },
};
