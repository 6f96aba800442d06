// The language server's entry point: the connection, over the transport named on the command
// line (--stdio, --node-ipc, --socket=N), handed to the protocol layer. Choosing the transport is
// the entry's one job, so createConnection is imported here, from vscode-languageserver/node.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './protocol/startServer';

startServer(createConnection(ProposedFeatures.all));
