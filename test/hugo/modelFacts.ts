// The project's model of a site, reduced to what Hugo can be asked about (see hugoFacts.ts):
// for every page, its URL, its heading IDs in order, its HTML anchors and its aliases. And the
// comparison of the two, page by page, in words a person can act on.
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { NodeWorkspace } from '../../server/src/model/base/workspace';
import type { HugoPage, HugoSite } from './hugoFacts';

export interface ModelPage {
  readonly url: string;
  readonly headingIds: readonly string[];
  readonly htmlAnchors: readonly string[];
  readonly aliases: readonly string[];
}

export async function loadModel(siteDir: string): Promise<{ index: HandbookIndex; pages: Map<string, ModelPage> }> {
  const index = new HandbookIndex(new NodeWorkspace([siteDir]), DEFAULT_SETTINGS);
  await index.build();
  const pages = new Map<string, ModelPage>();
  for (const page of index.pages()) {
    const anchors = index.anchorsOf(page);
    pages.set(page.sitePath, {
      url: page.url!,
      headingIds: anchors.filter((anchor) => anchor.level > 0).map((anchor) => anchor.id),
      htmlAnchors: anchors.filter((anchor) => anchor.level === 0).map((anchor) => anchor.id),
      aliases: [...page.facts.frontMatter.aliases],
    });
  }
  return { index, pages };
}

/** Hugo percent-encodes non-ASCII paths in `.RelPermalink`; the model keeps them as written. */
function decodedUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/**
 * What differs between Hugo and the model for one page, one line per difference:
 * "url: Hugo /a/, model /b/", "heading 3: Hugo "x", model "y"", … Empty when they agree.
 */
export function pageDifferences(hugo: HugoPage, model: ModelPage): string[] {
  const differences: string[] = [];
  if (decodedUrl(hugo.url) !== model.url) differences.push(`url: Hugo ${decodedUrl(hugo.url)}, model ${model.url}`);
  if (JSON.stringify(hugo.aliases) !== JSON.stringify(model.aliases)) {
    differences.push(`aliases: Hugo ${JSON.stringify(hugo.aliases)}, model ${JSON.stringify(model.aliases)}`);
  }
  differences.push(...sequenceDifferences('heading', hugo.headingIds, model.headingIds));
  const hugoAnchors = hugo.ids.filter((id) => !hugo.headingIds.includes(id)).sort();
  const modelAnchors = [...model.htmlAnchors].sort();
  if (JSON.stringify(hugoAnchors) !== JSON.stringify(modelAnchors)) {
    differences.push(`HTML anchors: Hugo ${JSON.stringify(hugoAnchors)}, model ${JSON.stringify(modelAnchors)}`);
  }
  return differences;
}

export function siteDifferences(hugo: HugoSite, model: Map<string, ModelPage>): { onlyHugo: string[]; onlyModel: string[] } {
  return {
    onlyHugo: [...hugo.pages.keys()].filter((file) => !model.has(file)).sort(),
    onlyModel: [...model.keys()].filter((file) => !hugo.pages.has(file)).sort(),
  };
}

/**
 * The differences of two ID sequences as a person reads them: an ID only one side has, or the
 * same place holding a different ID (`heading 6: Hugo "a", model "b"`); positions are 1-based.
 */
export function sequenceDifferences(what: string, hugo: readonly string[], model: readonly string[]): string[] {
  // Longest common subsequence, then a walk that pairs a lone Hugo ID with a lone model ID.
  const lengths = Array.from({ length: hugo.length + 1 }, () => new Array<number>(model.length + 1).fill(0));
  for (let i = hugo.length - 1; i >= 0; i--) {
    for (let j = model.length - 1; j >= 0; j--) {
      lengths[i][j] = hugo[i] === model[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const differences: string[] = [];
  let i = 0;
  let j = 0;
  while (i < hugo.length || j < model.length) {
    if (i < hugo.length && j < model.length && hugo[i] === model[j]) {
      i++;
      j++;
    } else if (i < hugo.length && j < model.length && lengths[i + 1][j + 1] === lengths[i][j]) {
      differences.push(`${what} ${i + 1}: Hugo ${JSON.stringify(hugo[i])}, model ${JSON.stringify(model[j])}`);
      i++;
      j++;
    } else if (j < model.length && (i >= hugo.length || lengths[i][j + 1] >= lengths[i + 1][j])) {
      differences.push(`${what} ${j + 1} of the model, ${JSON.stringify(model[j])}: Hugo has no such ${what}${i > 0 ? ` (after ${JSON.stringify(hugo[i - 1])})` : ''}`);
      j++;
    } else {
      differences.push(`${what} ${i + 1}, ${JSON.stringify(hugo[i])}: missing from the model${j > 0 ? ` (after ${JSON.stringify(model[j - 1])})` : ''}`);
      i++;
    }
  }
  return differences;
}
