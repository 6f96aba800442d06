// The VS Code side is deliberately thin: it starts the language server bundled next to it
// (dist/server.js, no node_modules in the .vsix), shows its progress and status (status.ts),
// offers its commands (commands.ts) and lets it do everything else. The server
// registers the file watchers it needs itself (dynamic registration), so none are set up here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, Middleware, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerCommands, SHOW_COMMANDS } from './commands';
import { allowSourceLinks, registerEffectiveRoleView } from './effectiveRoleView';
import { registerLadderGraphView } from './ladderGraphView';
import { offerToTurnOffMarkdownConflicts } from './markdownConflicts';
import { registerShowReferences } from './showReferences';
import { ServerStatus } from './status';

let client: LanguageClient | undefined;

/** The extension's API is the Markdown preview's plugin (package.json: markdown.markdownItPlugins). */
export async function activate(context: vscode.ExtensionContext): Promise<{ extendMarkdownIt: typeof allowSourceLinks }> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const status = new ServerStatus(SHOW_COMMANDS);
  context.subscriptions.push(status);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // The server pulls its settings (workspace/configuration); this makes the client tell it when
    // they change. `handbookRoles.trace.server` is read by the client itself from the same section.
    synchronize: { configurationSection: 'handbookRoles' },
    initializationOptions: factsCacheOptions(context),
    // Indexing progress as a notification and in the status-bar item (status.ts); our rename's refusals end a rename.
    middleware: { handleWorkDoneProgress: status.handleWorkDoneProgress, provideRenameEdits: renameWithoutFallThrough },
  };
  client = new LanguageClient('handbookRoles', 'Handbook Roles', serverOptions, clientOptions);
  registerShowReferences(context, client);
  context.subscriptions.push(status.follow(client));
  registerCommands(context, client);
  // Activated by a command in some other folder, the extension does not touch its Markdown settings.
  if ((await vscode.workspace.findFiles(HUGO_SITE_FILES, undefined, 1)).length > 0) void offerToTurnOffMarkdownConflicts(context);
  registerEffectiveRoleView(context, () => client);
  registerLadderGraphView(context, () => client);
  // The extension activates only in a Hugo workspace: its menu entries show there.
  void vscode.commands.executeCommand('setContext', 'handbookRoles.hugoWorkspace', true);
  await client.start();
  return { extendMarkdownIt: allowSourceLinks };
}

/**
 * Where the server keeps its facts cache between sessions: the extension's storage for this
 * workspace (VS Code's, never inside the workspace), or its global storage in a window with no
 * folder; `handbookRoles.cache.enabled: false` keeps none. Read at start: a change applies once the server restarts.
 */
export function factsCacheOptions(context: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri'>): { storagePath: string; cache: boolean } {
  const cache = vscode.workspace.getConfiguration('handbookRoles').get<boolean>('cache.enabled', true);
  return { storagePath: (context.storageUri ?? context.globalStorageUri).fsPath, cache };
}

/** What the activation events look for: a Hugo site's pages or configuration. */
const HUGO_SITE_FILES = '{content/**/*.md,hugo.toml,hugo.yaml,hugo.yml,hugo.json,config/_default/*}';

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/**
 * VS Code asks rename providers in order — this extension's before the built-in Markdown one,
 * which it ranks last — and when the provider whose prepareRename took the place refuses the
 * rename or answers nothing, it asks the next one to rename there instead. The built-in one would
 * rename a heading its own way (its links resolved as file paths, not Hugo URLs), which leaves
 * extends sentences on another page's section. So once the server has taken a place, its refusal
 * is shown here and the rename ends with an empty edit.
 */
const renameWithoutFallThrough: NonNullable<Middleware['provideRenameEdits']> = async (document, position, newName, token, next) => {
  try {
    const edit = await next(document, position, newName, token);
    if (edit) return edit;
    // The server answers nothing only when the rename failed inside it, which it logs.
    if (!token.isCancellationRequested) void vscode.window.showWarningMessage('Handbook Roles could not work out this rename: the Handbook Roles output has the reason.');
  } catch (error) {
    if (!token.isCancellationRequested) void vscode.window.showWarningMessage(error instanceof Error ? error.message : String(error));
  }
  return new vscode.WorkspaceEdit();
};
