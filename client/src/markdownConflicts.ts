// VS Code's built-in Markdown features read links as paths of the workspace's files, which a Hugo
// site does not serve: after `](/` they suggest `/content/…/x.md` among our `/x/` URLs, and link
// validation (`markdown.validate.enabled`) calls valid Hugo URLs "File does not exist", above our
// hover. In a Hugo workspace the extension offers, once, to turn those features off in this
// workspace's settings: one click, written where the user can see and undo it
// (`.vscode/settings.json`). Not through `configurationDefaults`: those would apply in every
// workspace the extension is installed for, where the built-in features are right.
import * as vscode from 'vscode';

/** The built-in settings that compete, and their value here. */
const CONFLICTS: readonly { readonly key: string; readonly off: boolean | string; readonly competing: (markdown: vscode.WorkspaceConfiguration) => boolean }[] = [
  // Path completion: workspace file paths mixed into the site's URLs.
  { key: 'suggest.paths.enabled', off: false, competing: (markdown) => markdown.get('suggest.paths.enabled') !== false },
  // "File does not exist" on /x/ URLs (Hugo serves content/x.md there).
  { key: 'validate.fileLinks.enabled', off: 'ignore', competing: (markdown) => markdown.get('validate.enabled') === true && markdown.get('validate.fileLinks.enabled') !== 'ignore' },
  // Its heading IDs know neither included headings nor Hugo's numbering: the server reports missing anchors instead.
  { key: 'validate.fragmentLinks.enabled', off: 'ignore', competing: (markdown) => markdown.get('validate.enabled') === true && markdown.get('validate.fragmentLinks.enabled') !== 'ignore' },
];

const DISMISSED = 'handbookRoles.markdownConflicts.dismissed';
const TURN_OFF = 'Turn Off in This Workspace';
const NEVER = "Don't Ask Again";

/** Asks, once per workspace, to turn the competing built-in features off. */
export async function offerToTurnOffMarkdownConflicts(context: vscode.ExtensionContext): Promise<void> {
  const markdown = vscode.workspace.getConfiguration('markdown');
  if (context.workspaceState.get(DISMISSED) === true || !CONFLICTS.some((conflict) => conflict.competing(markdown))) return;
  const answer = await vscode.window.showInformationMessage(
    "Handbook Roles: VS Code's own Markdown path completion and link validation read links as file paths, not as Hugo's URLs. Turn them off in this workspace?",
    TURN_OFF,
    NEVER,
  );
  if (answer === TURN_OFF) await turnOffMarkdownConflicts();
  if (answer !== undefined) await context.workspaceState.update(DISMISSED, true);
}

/** Writes the settings that turn them off into the workspace's settings. */
export async function turnOffMarkdownConflicts(): Promise<void> {
  const markdown = vscode.workspace.getConfiguration('markdown');
  for (const { key, off } of CONFLICTS) await markdown.update(key, off, vscode.ConfigurationTarget.Workspace);
}
