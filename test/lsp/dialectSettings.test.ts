/** Dialects turned off, and files added to a dialect, through the settings and without a restart. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServerUnderTest, startServer } from '../support/lspClient';

let server: ServerUnderTest;
let home: string;
before(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-dialects-'));
  // Restricted mode and no AWS settings: the offline checks only.
  server = await startServer({ env: { PATH: process.env.PATH ?? '', HOME: home }, initializationOptions: { workspaceTrusted: false } });
});
after(async () => {
  await server.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

const MAGE_ERROR = `A: "{{ aws_secret_var() }}"\n`;
const codes = async (uri: string, version: number) =>
  (await server.diagnostics(uri, (params) => params.version === version)).map((diagnostic) => diagnostic.code);

async function configure(settings: unknown, uri: string, text: string, version: number): Promise<void> {
  server.setSettings(settings);
  server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  // Let the server read the settings before the next change.
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.change(uri, version, text);
}

test('a dialect turned off reads nothing; turned on again, it reads', async () => {
  const uri = 'file:///workspace/io_config.yaml';
  server.open(uri, MAGE_ERROR);
  assert.deepEqual(await codes(uri, 1), ['call-no-argument']);
  await configure({ dialects: { disabled: ['mage'] } }, uri, MAGE_ERROR, 2);
  assert.deepEqual(await codes(uri, 2), []);
  await configure({}, uri, MAGE_ERROR, 3);
  assert.deepEqual(await codes(uri, 3), ['call-no-argument']);
});

test('globs added to a dialect bring files it would not read by itself', async () => {
  const uri = 'file:///workspace/config/app.yaml';
  // Outside Mage's folders, and calling no function Mage knows: not a Mage document by itself.
  const text = 'b: "{{ get_secret() }}"\n';
  server.open(uri, text);
  assert.deepEqual(await codes(uri, 1), []);
  await configure({ dialects: { files: { mage: ['**/config/*.yaml'] } } }, uri, text, 2);
  assert.deepEqual(await codes(uri, 2), ['call-unknown-function']);
});
