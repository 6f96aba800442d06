// The ladder graph webview's script (bundled by esbuild into dist/webview/ladderGraph.js, loaded
// under the page's nonce): shows the markup the extension posts — the graph laid out by the
// language server, every page text in it escaped there — and turns a click on a role, or Enter on
// a focused one, into "open this page at this line". The scope controls ask for another graph.

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the extension posts: see client/src/ladderGraphView.ts. An error's message is text, never markup. */
type GraphMessage = ({ readonly type: 'graph'; readonly html: string } | { readonly type: 'error'; readonly message: string }) & { readonly scope: 'family' | 'handbook'; readonly under: string };

const vscode = acquireVsCodeApi();
const root = document.getElementById('graph')!;
const scope = document.getElementById('scope') as HTMLSelectElement;
const under = document.getElementById('under') as HTMLInputElement;

window.addEventListener('message', (event: MessageEvent<GraphMessage>) => {
  if (event.data.type === 'graph') root.innerHTML = event.data.html;
  else {
    const message = document.createElement('p');
    message.textContent = event.data.message;
    root.replaceChildren(message);
  }
  scope.value = event.data.scope;
  if (document.activeElement !== under) under.value = event.data.under;
  under.disabled = event.data.scope === 'family';
});

function openNode(target: EventTarget | null): void {
  const node = target instanceof Element ? target.closest<SVGGElement>('g.node') : null;
  if (node) vscode.postMessage({ type: 'open', uri: node.dataset.uri, line: Number(node.dataset.line) });
}

root.addEventListener('click', (event) => openNode(event.target));
root.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') openNode(event.target);
});

let typing: ReturnType<typeof setTimeout> | undefined;
const askForScope = () => vscode.postMessage({ type: 'scope', scope: scope.value, under: under.value.trim() });
scope.addEventListener('change', askForScope);
under.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(askForScope, 300);
});
vscode.postMessage({ type: 'ready' });
