/**
 * The server starts without the AWS SDK's Secrets Manager client, which takes a while to load: it is
 * loaded on the first AWS call. Runs the unbundled server, whose modules show in require.cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startAccountServer } from '../support/accountServer';
import { freePort } from '../support/moto';

const LEAN_SERVER = path.join(__dirname, 'lean', 'server.js');

test('the AWS SDK client is loaded on the first AWS call, not at start-up', async () => {
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const server = await startAccountServer({ endpoint, serverPath: LEAN_SERVER });
  try {
    await server.state('unknown');
    await server.openAndCheck('file:///workspace/plain.yaml', 'a: 1\n');
    assert.equal(await server.connection.sendRequest('test/awsSdkLoaded'), false, 'started and checked a document without it');
    server.open('file:///workspace/io_config.yaml', `A: "{{ aws_secret_var('prod/db') }}"\n`);
    assert.equal((await server.state('error')).failure?.kind, 'unreachable');
    assert.equal(await server.connection.sendRequest('test/awsSdkLoaded'), true, 'loaded by the first listing');
  } finally {
    await server.stop();
  }
});
