// The extension's commands. Each is one line of COMMANDS (its title and palette entry are in
// package.json's contributes.commands); the status-bar item opens a quick pick of all of them.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { turnOffMarkdownConflicts } from './markdownConflicts';

/** The server's request that reads the whole handbook again (protocol/startServer.ts). */
const REINDEX_REQUEST = 'handbookRoles/reindex';

/** The command the status-bar item runs. */
export const SHOW_COMMANDS = 'handbookRoles.showCommands';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  const COMMANDS: Record<string, () => unknown> = {
    'handbookRoles.restartServer': () => client.restart(),
    'handbookRoles.showOutput': () => client.outputChannel.show(true),
    'handbookRoles.reindex': () => client.sendRequest(REINDEX_REQUEST),
    'handbookRoles.turnOffMarkdownConflicts': () => turnOffMarkdownConflicts(),
    [SHOW_COMMANDS]: () => pickCommand(context),
  };
  for (const [id, run] of Object.entries(COMMANDS)) context.subscriptions.push(vscode.commands.registerCommand(id, run));
}

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

/** A quick pick of every command the extension contributes (but this one), by the titles package.json gives them. */
async function pickCommand(context: vscode.ExtensionContext): Promise<void> {
  const contributed = ((context.extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? []).filter((command) => command.command !== SHOW_COMMANDS);
  const picked = await vscode.window.showQuickPick(
    contributed.map((command) => ({ label: command.title, command: command.command })),
    { title: 'Handbook Roles', placeHolder: 'Run a Handbook Roles command' },
  );
  if (picked) await vscode.commands.executeCommand(picked.command);
}
