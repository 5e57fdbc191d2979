/** The language server as shipped, plus one request for tests: whether a package (the AWS SDK's client, yaml) is loaded. */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from '../../../server/src/languageServer';

const connection = createConnection(ProposedFeatures.all);
connection.onRequest('test/loaded', (name: string) => {
  const folder = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
  return Object.keys(require.cache).some((file) => file.includes(folder));
});
createServer(connection);
