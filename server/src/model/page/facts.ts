// The facts of one Markdown file (a page or an include file) as the rest of the model sees them:
// front matter, headings, HTML anchors, links and shortcode calls, each with its offsets. Types
// only (and the empty value), so that every layer can name them without importing a parser.
import type { FrontMatter } from './frontMatter';
import type { LinkSyntax } from './markdown/syntax';
import type { IncludeCall, ShortcodeCall, UnterminatedShortcode } from './shortcodes';
import type { SuppressionComment } from './suppressions';
import type { TextRange } from '../base/text';

/** A page is content Hugo renders; an include file is text pulled into pages by `{{% include %}}`. */
export type FileKind = 'page' | 'include';

export interface HeadingFact {
  readonly level: number;
  /**
   * The heading's inline content exactly as written (ATX: between the opening and the closing
   * `#` runs; setext: every content line), attribute block included. Hugo makes IDs from it.
   */
  readonly source: string;
  /** Plain text for people (titles, completion details), without a trailing `{#id}` block. */
  readonly text: string;
  readonly explicitId?: string;
  /**
   * Without an explicit ID: the ID Hugo makes of the heading, before a repeat is numbered and
   * without emoji codes replaced (see HeadingIdFactory.idOfHeading). Made while parsing, so that
   * parse workers and the facts cache spare the index this work.
   */
  readonly autoId?: string;
  readonly range: TextRange;
}

export interface HtmlAnchorFact {
  readonly id: string;
  readonly range: TextRange;
}

/** A link as the page holds it: what the Markdown reader found, and whether it is the role an inheritance sentence extends. */
export interface LinkFact extends LinkSyntax {
  /** Set when the link is the role an inheritance sentence extends: the sentence's extent. */
  readonly extendsSentence?: TextRange;
}

export type FileProblem =
  | { readonly kind: 'binary' }
  | { readonly kind: 'too-large'; readonly size: number; readonly limit: number }
  /** Listed but not readable (permissions, a loop of symbolic links…): `reason` is for people. */
  | { readonly kind: 'unreadable'; readonly reason: string };

export interface PageFacts {
  readonly frontMatter: FrontMatter;
  readonly frontMatterProblem?: { readonly message: string; readonly range: TextRange };
  readonly bodyStart: number;
  readonly headings: readonly HeadingFact[];
  readonly htmlAnchors: readonly HtmlAnchorFact[];
  readonly links: readonly LinkFact[];
  readonly includes: readonly IncludeCall[];
  readonly unterminatedShortcodes: readonly UnterminatedShortcode[];
  /** Well-formed calls of other shortcodes (`ref`, `a`, data shortcodes…); absent when the page has none. */
  readonly shortcodes?: readonly ShortcodeCall[];
  /** `<!-- handbook-roles-disable… -->` comments, in page order; absent when the page has none (most pages: nothing to store). */
  readonly suppressions?: readonly SuppressionComment[];
  /**
   * The inner texts of `{{% … %}}` calls nested in another call, which Hugo renders on their own
   * (their headings are numbered apart), innermost last among those that start alike; absent when none.
   */
  readonly separateRenders?: readonly TextRange[];
  /** Footnote references and definitions (`[^1]`, `[^1]: …`), in page order; absent when there are none. */
  readonly footnotes?: readonly FootnoteFact[];
  /**
   * IDs set by an attribute block on a line of its own after a block (`{#id}`), which Hugo
   * applies only with `markup.goldmark.parser.attribute.block`; absent when there are none.
   */
  readonly blockAttributeIds?: readonly HtmlAnchorFact[];
  /** Set when the file was not parsed at all. */
  readonly fileProblem?: FileProblem;
}

/** `[^label]` (a reference) or `[^label]: …` (a definition): Goldmark numbers the referenced ones. */
export interface FootnoteFact {
  readonly label: string;
  readonly definition: boolean;
  readonly range: TextRange;
}

/**
 * Facts are read-only to whoever uses them; only whoever has just made them (the codec decoding
 * them, the index sharing their strings, the index replacing a file's facts) changes them in place.
 */
export type Writable<T> = { -readonly [key in keyof T]: T[key] };

export function emptyFacts(fileProblem?: FileProblem): PageFacts {
  return {
    frontMatter: { aliases: [] },
    bodyStart: 0,
    headings: [],
    htmlAnchors: [],
    links: [],
    includes: [],
    unterminatedShortcodes: [],
    fileProblem,
  };
}
