/** The language server's entry point: LSP over the transport the client chose (IPC, stdio, or a socket). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './languageServer';

createServer(createConnection(ProposedFeatures.all));
