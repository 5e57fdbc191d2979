/**
 * The server starts without the AWS SDK's Secrets Manager client, which takes a while to load: it is loaded on
 * the first AWS call; nor the libraries that read a document, loaded with the first document. Runs the unbundled
 * server, whose modules show in require.cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startAccountServer } from '../support/accountServer';
import { freePort } from '../support/moto';

const LEAN_SERVER = path.join(__dirname, 'lean', 'server.js');

test('the AWS SDK client is loaded on the first AWS call and the document libraries with the first document, not at start-up', async () => {
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const server = await startAccountServer({ endpoint, serverPath: LEAN_SERVER });
  try {
    await server.state('unknown');
    const loaded = (name: string) => server.connection.sendRequest('test/loaded', name);
    for (const library of ['yaml', 'jmespath', 'picomatch']) assert.equal(await loaded(library), false, `${library} loaded at start`);
    await server.openAndCheck('file:///workspace/plain.yaml', 'a: 1\n');
    assert.equal(await loaded('yaml'), true, 'yaml not loaded by the first document');
    assert.equal(await loaded('@aws-sdk/client-secrets-manager'), false, 'started and checked a document without it');
    server.open('file:///workspace/io_config.yaml', `A: "{{ aws_secret_var('prod/db') }}"\n`);
    assert.equal((await server.state('error')).failure?.kind, 'unreachable');
    assert.equal(await loaded('@aws-sdk/client-secrets-manager'), true, 'loaded by the first listing');
  } finally {
    await server.stop();
  }
});
