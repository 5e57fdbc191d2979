/**
 * "Did you mean" stays cheap with many missing names: the first few misses of a document get their
 * suggestions at once, the others when their quick fixes are asked for. Against moto.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { AccountServer, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { seedSecrets } from '../support/moto';

const NAMES = Array.from({ length: 30 }, (_, index) => `team${String(index).padStart(2, '0')}/db/password`);
/** Each reference misses one letter of a listed name. */
const DOCUMENT = ['default:', ...NAMES.map((name, index) => `  K${index}: "{{ aws_secret_var('${name.replace('password', 'pasword')}') }}"`), ''].join('\n');

describe('suggestions for many missing names', () => {
  const moto = useMoto((endpoint) => seedSecrets(endpoint, Object.fromEntries(NAMES.map((name) => [name, 'VALUE']))));
  const uri = 'file:///workspace/io_config.yaml';
  let server: AccountServer;
  let notFound: Diagnostic[];
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint });
    server.open(uri, DOCUMENT);
    notFound = withCode(await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'secret-not-found').length === NAMES.length), 'secret-not-found');
  });
  after(() => server.stop());

  test('the first misses say "did you mean" at once, not every one of them', () => {
    const eager = notFound.filter((diagnostic) => diagnostic.message.includes('Did you mean'));
    assert.ok(eager.length >= 1 && eager.length <= 10, `${eager.length} diagnostics with suggestions`);
  });

  test('a later miss offers its "Change to" fix when fixes are asked for', async () => {
    const last = notFound[notFound.length - 1];
    assert.ok(!last.message.includes('Did you mean'));
    const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: last.range,
      context: { diagnostics: [last] },
    });
    assert.deepEqual(
      actions.map((action) => action.title),
      [`Change to '${NAMES[NAMES.length - 1]}'`, `Store new secret '${NAMES[NAMES.length - 1].replace('password', 'pasword')}'…`],
    );
  });
});
