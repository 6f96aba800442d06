// "Handbook Roles: Show Ladder Graph": a webview beside the editor with the extends graph of the
// current page's job family, or of the whole handbook under a path. The server lays it out and
// answers with its markup; this panel only shows it under a strict Content Security Policy (its
// one script and one style sheet are the extension's own files, allowed by a fresh nonce; no
// other source), in the editor's theme colours, and opens a role's page where the graph is clicked.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { askLadderGraph, isHandbookDocument, type Scope } from './serverCommands';

const VIEW_TYPE = 'handbookRoles.ladderGraph';
/** A graph is laid out from the whole index: after typing, wait for a pause. */
const FOLLOW_DELAY_MS = 600;

type WebviewMessage = { type: 'ready' } | { type: 'open'; uri: string; line: number } | { type: 'scope'; scope: Scope; under: string };

export function registerLadderGraphView(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  let panel: LadderGraphPanel | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand('handbookRoles.showLadderGraph', async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document || !isHandbookDocument(document)) {
        void vscode.window.showInformationMessage('Show Ladder Graph works from a Markdown page of the handbook: open a role page first.');
        return;
      }
      if (!panel) {
        panel = new LadderGraphPanel(context.extensionUri, client, document);
        panel.onDidDispose(() => (panel = undefined));
      } else panel.showFor(document);
    }),
  );
}

class LadderGraphPanel {
  private readonly panel: vscode.WebviewPanel;
  private scope: Scope = 'family';
  private under = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners: vscode.Disposable[];

  constructor(
    extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
    private document: vscode.TextDocument,
  ) {
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Ladder graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [scripts] });
    this.panel.webview.html = pageHtml(this.panel.webview, scripts);
    this.listeners = [
      this.panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && isHandbookDocument(editor.document) && this.showFor(editor.document, false)),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (!isHandbookDocument(document)) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), FOLLOW_DELAY_MS);
      }),
    ];
    this.panel.onDidDispose(() => {
      clearTimeout(this.timer);
      for (const listener of this.listeners) listener.dispose();
    });
  }

  onDidDispose(listener: () => void): void {
    this.panel.onDidDispose(listener);
  }

  showFor(document: vscode.TextDocument, reveal = true): void {
    this.document = document;
    if (reveal) this.panel.reveal(vscode.ViewColumn.Beside, true);
    void this.refresh();
  }

  private async receive(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.refresh();
      case 'scope':
        this.scope = message.scope === 'handbook' ? 'handbook' : 'family';
        this.under = message.under;
        return this.refresh();
      case 'open': {
        const line = Math.max(0, message.line - 1);
        const editor = await vscode.window.showTextDocument(vscode.Uri.parse(message.uri), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
        editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        return;
      }
    }
  }

  private async refresh(): Promise<void> {
    const client = this.client();
    if (!client) return;
    const shown = { scope: this.scope, under: this.under };
    try {
      const answer = await askLadderGraph(client, this.document, this.scope, this.under);
      this.panel.title = answer?.title ?? 'Ladder graph';
      if (answer) void this.panel.webview.postMessage({ type: 'graph', html: answer.html, ...shown });
      else void this.panel.webview.postMessage({ type: 'error', message: 'The language server does not know this file: is it inside the workspace folder?', ...shown });
    } catch (error) {
      void this.panel.webview.postMessage({ type: 'error', message: `The language server could not answer: ${error instanceof Error ? error.message : String(error)}`, ...shown });
    }
  }
}

function pageHtml(webview: vscode.Webview, scripts: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'ladderGraph.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'ladderGraphStyle.css'));
  const policy = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>Ladder graph</title>
</head>
<body>
<div class="toolbar">
  <label>Show <select id="scope"><option value="family">this page's job family</option><option value="handbook">the whole handbook</option></select></label>
  <label>under <input id="under" type="text" placeholder="a folder, e.g. job-families/engineering" disabled></label>
</div>
<div id="graph"><p>Asking the language server…</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
