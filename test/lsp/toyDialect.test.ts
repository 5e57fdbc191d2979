/**
 * The dialect seam end to end: a toy dialect in a test folder, registered with one line, gets
 * diagnostics, completion and hover from the shared engine and account layer, against moto.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { AccountServer, seedWith, startAccountServer, useMoto } from '../support/accountServer';

const TOY_SERVER = path.join(__dirname, 'toy', 'server.js');
const uri = 'file:///workspace/app.toy.yaml';
const DOCUMENT = ['database: toy=prod/db', 'cache: toy=prod/missing', 'empty: toy=', 'plain: toy=prod/db'].join('\n');

describe('a toy dialect through the seam', () => {
  const moto = useMoto(async (endpoint) => void (await seedWith(endpoint, [{ Name: 'prod/db', SecretString: 'VALUE-toy-db' }])));
  let server: AccountServer;
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint, serverPath: TOY_SERVER });
    server.open(uri, DOCUMENT);
    await server.state('ready');
  });
  after(() => server.stop());

  test('its offline problems and the shared "not found" check, worded for it', async () => {
    const diagnostics = await server.diagnostics(uri, (params) =>
      params.diagnostics.some((diagnostic) => diagnostic.code === 'secret-not-found'),
    );
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
      [
        ['toy-empty', 2],
        ['secret-not-found', 1],
      ],
    );
  });

  test('completion of names from the account list', async () => {
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 19 },
    });
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['prod/db'],
    );
  });

  test('hover with the value masked', async () => {
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 16 },
    });
    const text = (hover.contents as MarkupContent).value;
    assert.match(text, /prod\/db/);
    assert.match(text, /••••••••/);
    assert.ok(!text.includes('VALUE-toy-db'), 'the value never reaches the hover');
  });

  test('a file outside its globs is not read by it', async () => {
    const other = 'file:///workspace/app.yaml';
    server.open(other, DOCUMENT);
    assert.deepEqual(await server.diagnostics(other), []);
  });
});
