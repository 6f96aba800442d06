// The command a references code lens runs. The server sends editor.action.showReferences'
// arguments as LSP JSON (a URI string, a position, locations), so that any client can show them;
// this turns them into VS Code's types and opens the references list.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageclient';

/** The command's name, as the server's lenses name it (server/src/features/codeLens.ts). */
const SHOW_REFERENCES_COMMAND = 'handbookRoles.showReferences';

export function registerShowReferences(context: vscode.ExtensionContext, client: LanguageClient): void {
  const convert = client.protocol2CodeConverter;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, (uri: string, position: Position, locations: Location[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        convert.asUri(uri),
        convert.asPosition(position),
        locations.map((location) => convert.asLocation(location)),
      ),
    ),
  );
}
