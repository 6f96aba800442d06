// "Handbook Roles: Show Effective Role": the role under the cursor as a reader of the built page
// sees it, rendered by VS Code's own Markdown preview beside the editor. The preview shows a
// read-only virtual document (scheme `handbook-roles-effective`) whose text is the server's
// Markdown; it follows the cursor's role and the author's typing, a moment after each.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { askEffectiveRole, isHandbookDocument } from './serverCommands';

export const EFFECTIVE_ROLE_SCHEME = 'handbook-roles-effective';
/** Long enough that typing does not ask the server on every key, short enough to feel live. */
const FOLLOW_DELAY_MS = 300;

/** What the Markdown preview's markdown-it instance offers that allowSourceLinks uses. */
export interface MarkdownItLike {
  validateLink(url: string): boolean;
}

/**
 * markdown-it refuses `file:` links, so the preview would show the effective role's links to its
 * sources (`file:///…#L12`) as literal text. Allowed when they lead to a file of a workspace
 * folder, which the preview opens in the editor as it does a relative link; any other `file:`
 * link keeps markdown-it's rule. (The document being rendered is not known to validateLink.)
 */
export function allowSourceLinks<T extends MarkdownItLike>(md: T): T {
  const validateLink = md.validateLink.bind(md);
  md.validateLink = (url) => (url.trim().toLowerCase().startsWith('file:') && isWorkspaceFileUrl(url)) || validateLink(url);
  return md;
}

function isWorkspaceFileUrl(url: string): boolean {
  try {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(url.trim(), true)) !== undefined;
  } catch {
    return false;
  }
}

export function registerEffectiveRoleView(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const view = new EffectiveRoleView(client);
  context.subscriptions.push(
    view,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_ROLE_SCHEME, view),
    // From the editor title menu: the document's Uri; from a code lens: LSP JSON (a URI string, a position).
    vscode.commands.registerCommand('handbookRoles.showEffectiveRole', (uri?: vscode.Uri | string, position?: { line: number; character: number }) =>
      view.show(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri, position && new vscode.Position(position.line, position.character)),
    ),
  );
}

class EffectiveRoleView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly uri = vscode.Uri.from({ scheme: EFFECTIVE_ROLE_SCHEME, path: '/Effective role.md' });
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private markdown = '*Asking the language server…*';
  private source: { document: vscode.TextDocument; position: vscode.Position } | undefined;
  private following = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.listeners = [
      vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => this.follow(textEditor.document, textEditor.selection.active)),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        const editor = vscode.window.activeTextEditor;
        if (editor?.document === document) this.follow(document, editor.selection.active);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.toString() === this.uri.toString()) this.following = false;
      }),
    ];
  }

  provideTextDocumentContent(): string {
    return this.markdown;
  }

  async show(uri?: vscode.Uri, position?: vscode.Position): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document || !isHandbookDocument(document)) {
      void vscode.window.showInformationMessage('Show Effective Role works on a Markdown page of the handbook: open a role page and put the cursor in a role.');
      return;
    }
    this.source = { document, position: position ?? (editor?.document === document ? editor.selection.active : new vscode.Position(0, 0)) };
    this.following = true;
    await this.refresh();
    // Locked: a plain preview follows the active Markdown editor, so going back to the page would replace the effective role by the page.
    await vscode.commands.executeCommand('markdown.showLockedPreviewToSide', this.uri);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
  }

  private follow(document: vscode.TextDocument, position: vscode.Position): void {
    if (!this.following || !isHandbookDocument(document)) return;
    this.source = { document, position };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), FOLLOW_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const client = this.client();
    if (!this.source || !client) return;
    try {
      const answer = await askEffectiveRole(client, this.source.document, this.source.position);
      this.markdown = answer?.markdown ?? '*The language server does not know this file: is it inside the workspace folder?*';
    } catch (error) {
      this.markdown = `*The language server could not answer: ${error instanceof Error ? error.message : String(error)}*`;
    }
    this.changed.fire(this.uri);
  }
}
