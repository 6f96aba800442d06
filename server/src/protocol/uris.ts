// Document URIs to paths. Only `file:` documents are files of the handbook: an `untitled:` buffer,
// an `http:` page or a diff view's `git:` copy has no place in a site folder, and reading its
// path as one (`untitled:Untitled-1` → a path relative to the server's working folder) would
// make up links and diagnostics for a file that is not there.
import { URI } from 'vscode-uri';

/**
 * The path of a `file:` URI (`%23` decoded to `#`); undefined for any other scheme or a URI that
 * does not parse. A file has no query or fragment: a client that sent `with#hash.md` unencoded
 * meant the file of that name, not `with` at a fragment.
 */
export function filePathOf(uri: string): string | undefined {
  let parsed: URI;
  try {
    parsed = URI.parse(uri, true);
  } catch {
    return undefined;
  }
  if (parsed.scheme !== 'file') return undefined;
  const path = parsed.path + (parsed.query ? `?${parsed.query}` : '') + (parsed.fragment ? `#${parsed.fragment}` : '');
  return URI.from({ scheme: 'file', authority: parsed.authority, path }).fsPath;
}
