// The VS Code side is deliberately thin: it starts the language server bundled next to it
// (dist/server.js, no node_modules in the .vsix) and lets it do everything else. The server
// registers the file watchers it needs itself (dynamic registration), so none are set up here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerEffectiveRoleView } from './effectiveRoleView';
import { registerLadderGraphView } from './ladderGraphView';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // The server pulls its settings (workspace/configuration); this makes the client tell it when
    // they change. `handbookRoles.trace.server` is read by the client itself from the same section.
    synchronize: { configurationSection: 'handbookRoles' },
  };
  client = new LanguageClient('handbookRoles', 'Handbook Roles', serverOptions, clientOptions);
  registerEffectiveRoleView(context, () => client);
  registerLadderGraphView(context, () => client);
  // The extension activates only in a Hugo workspace: its menu entries show there.
  void vscode.commands.executeCommand('setContext', 'handbookRoles.hugoWorkspace', true);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
