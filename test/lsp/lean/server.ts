/** The language server as shipped, plus one request for tests: whether the Secrets Manager client of the AWS SDK is loaded. */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from '../../../server/src/languageServer';

const SDK_FOLDER = `${path.sep}@aws-sdk${path.sep}client-secrets-manager${path.sep}`;

const connection = createConnection(ProposedFeatures.all);
connection.onRequest('test/awsSdkLoaded', () => Object.keys(require.cache).some((file) => file.includes(SDK_FOLDER)));
createServer(connection);
