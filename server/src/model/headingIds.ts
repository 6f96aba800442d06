// Heading IDs as Hugo's default Markdown renderer (Goldmark, autoHeadingIDType "github") makes
// them: trim, keep letters, digits and '_' lower-cased, turn ' ' and '-' into '-', drop the rest;
// an empty result becomes "heading"; a repeated ID gets "-1", "-2", … . Explicit `{#id}`
// attributes are taken as written and reserve their ID.

// Go's unicode.IsLetter and unicode.IsDigit: every letter category, decimal digits only.
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}_]/u;

export function slugifyHeading(text: string): string {
  let slug = '';
  for (const character of text.trim()) {
    if (character === ' ' || character === '-') slug += '-';
    else if (LETTER_OR_DIGIT.test(character)) slug += character.toLowerCase();
  }
  return slug;
}

/** Hands out the IDs of one rendered page in document order, the way Goldmark deduplicates them. */
export class HeadingIdFactory {
  private readonly taken = new Set<string>();

  /** An explicit `{#id}`: used as written, and later generated IDs avoid it. */
  reserve(id: string): string {
    this.taken.add(id);
    return id;
  }

  generate(text: string): string {
    const base = slugifyHeading(text) || 'heading';
    let id = base;
    for (let suffix = 1; this.taken.has(id); suffix++) id = `${base}-${suffix}`;
    this.taken.add(id);
    return id;
  }
}

/**
 * Splits a trailing Goldmark attribute block off a heading's text: `Title {#custom-id .class}`
 * gives the title and "custom-id". A block without `#id` is still removed from the text.
 */
export function splitHeadingAttributes(text: string): { text: string; id?: string } {
  const match = /\s*\{([^{}]*)\}\s*$/.exec(text);
  if (!match || !/^\s*(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|\S+))(?:\s+(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|\S+)))*\s*$/u.test(match[1])) {
    return { text };
  }
  const id = /(?:^|\s)#([^\s.#]+)/.exec(match[1])?.[1];
  return { text: text.slice(0, match.index), id };
}

/**
 * What a heading's source says to people and to links: its plain text (Markdown syntax taken
 * out, for titles and completion details) and its explicit `{#id}`, if any. One function, so
 * every parser of a page derives the same facts from the same source.
 */
export function describeHeading(source: string): { text: string; explicitId?: string } {
  const { text, id } = splitHeadingAttributes(source);
  return { text: plainText(text), explicitId: id };
}

/** Inline Markdown to plain text: links and images keep their text, code its content, HTML goes. */
function plainText(source: string): string {
  return source
    .replace(/!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])/g, '$1$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
