// markdown-it set up the way VS Code's Markdown extension sets it up for its language server
// (extensions/markdown-language-features: markdown-it ^12.3.2, markdown-it-front-matter ^0.2.4):
// `html: true`, linkify without fuzzy links, the front-matter block rule inserted before `fence`
// at a lower precedence, and the default preview settings (breaks off, linkify on, typographer off).
// The renderer hooks VS Code adds (line numbers, image ids, link normalisation) only touch rendering,
// not `parse`, so they are left out.
import MarkdownIt from 'markdown-it';
import frontMatterPlugin from 'markdown-it-front-matter';

export function createVsCodeMarkdownIt(): MarkdownIt {
  const md = new MarkdownIt({ html: true, highlight: () => '' });
  md.linkify.set({ fuzzyLink: false });

  // Take the plugin's rule out and register it ourselves, as VS Code does.
  let frontMatterRule: unknown;
  (frontMatterPlugin as (md: unknown, cb: () => void) => void)(
    {
      block: {
        ruler: {
          before: (_a: unknown, _b: unknown, rule: unknown) => {
            frontMatterRule = rule;
          },
        },
      },
    },
    () => {},
  );
  md.block.ruler.before('fence', 'front_matter', frontMatterRule as Parameters<typeof md.block.ruler.before>[2], {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.set({ breaks: false, linkify: true, typographer: false });
  return md;
}
