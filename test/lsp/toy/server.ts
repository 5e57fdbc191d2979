/** The language server with the toy dialect registered before the others: one line, as a real dialect's. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from '../../../server/src/languageServer';
import { DIALECTS } from '../../../server/src/dialects/registry';
import { toy } from './dialect';

createServer(createConnection(ProposedFeatures.all), { dialects: [toy, ...DIALECTS] });
