// The settings package.json declares that the server does not read: vscode-languageclient traces by
// `<section>.trace.server` itself, and the client turns the facts cache off in its initialization
// options. They have no place in .handbook-roles.yaml, nor in the server's settings.
export const CLIENT_SETTINGS: ReadonlySet<string> = new Set(['handbookRoles.cache.enabled', 'handbookRoles.trace.server']);
