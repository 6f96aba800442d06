// The language server's `workspace/executeCommand` answers the views show, asked for the editor's
// document. The shapes are the server's (server/src/features/effectiveRole.ts and
// features/ladder/ladderCommand.ts); the client imports nothing of the server, so they are
// restated here as far as the views read them.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

export interface EffectiveRoleAnswer {
  readonly title: string;
  readonly markdown: string;
  readonly url?: string;
}

export interface LadderAnswer {
  readonly title: string;
  readonly html: string;
}

export type Scope = 'family' | 'handbook';

export function askEffectiveRole(client: LanguageClient, document: vscode.TextDocument, position: vscode.Position): Promise<EffectiveRoleAnswer | null> {
  return client.sendRequest(ExecuteCommandRequest.type, {
    command: 'handbookRoles.effectiveRole',
    arguments: [{ textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character } }],
  }) as Promise<EffectiveRoleAnswer | null>;
}

export function askLadderGraph(client: LanguageClient, document: vscode.TextDocument, scope: Scope, under: string): Promise<LadderAnswer | null> {
  return client.sendRequest(ExecuteCommandRequest.type, {
    command: 'handbookRoles.ladderGraph',
    arguments: [{ textDocument: { uri: document.uri.toString() }, scope, under }],
  }) as Promise<LadderAnswer | null>;
}

/** A Markdown file on disk: the documents the server knows. */
export function isHandbookDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.languageId === 'markdown';
}
