/**
 * "Did you mean" stays cheap with many missing names: the first few misses of a document get their
 * suggestions at once, the others when their quick fixes are asked for. Against moto.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { AccountServer, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { motoClient, seedSecrets } from '../support/moto';

const NAMES = Array.from({ length: 30 }, (_, index) => `team${String(index).padStart(2, '0')}/db/password`);
/** Each reference misses one letter of a listed name. */
const DOCUMENT = [
  'default:',
  ...NAMES.map((name, index) => `  K${index}: "{{ aws_secret_var('${name.replace('password', 'pasword')}') }}"`),
  '',
].join('\n');

describe('suggestions for many missing names', () => {
  const moto = useMoto((endpoint) => seedSecrets(endpoint, Object.fromEntries(NAMES.map((name) => [name, 'VALUE']))));
  const uri = 'file:///workspace/io_config.yaml';
  let server: AccountServer;
  let notFound: Diagnostic[];
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint });
    server.open(uri, DOCUMENT);
    notFound = withCode(
      await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'secret-not-found').length === NAMES.length),
      'secret-not-found',
    );
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

describe('"Change to" for JSON keys and for the ARN of a secret created again', () => {
  let oldArn = '';
  const moto = useMoto(async (endpoint) => {
    await seedSecrets(endpoint, { 'app/config': JSON.stringify({ password: 'VALUE-pw', user: 'VALUE-user' }), recreated: 'VALUE-1' });
    const client = motoClient(endpoint);
    try {
      oldArn = (await client.send(new DescribeSecretCommand({ SecretId: 'recreated' }))).ARN!;
      await client.send(new DeleteSecretCommand({ SecretId: 'recreated', ForceDeleteWithoutRecovery: true }));
      await client.send(new CreateSecretCommand({ Name: 'recreated', SecretString: 'VALUE-2' }));
    } finally {
      client.destroy();
    }
  });
  const uri = 'file:///workspace/io_config.yaml';
  let server: AccountServer;
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint });
  });
  after(() => server.stop());

  async function fixesOf(text: string, code: string): Promise<{ message: string; titles: string[]; newText: string[] }> {
    server.open(uri, text);
    const [diagnostic] = withCode(await server.diagnostics(uri, (params) => withCode(params.diagnostics, code).length > 0), code);
    const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const newText = actions.flatMap(
      (action) =>
        action.edit?.documentChanges?.flatMap((change) => ('edits' in change ? change.edits.map((edit) => edit.newText) : [])) ?? [],
    );
    return { message: diagnostic.message, titles: actions.map((action) => action.title), newText };
  }

  test('a misspelled JSON key', async () => {
    const { titles, newText } = await fixesOf(
      `default:\n  P: "{{ json_value(aws_secret_var('app/config'), 'passwrd') }}"\n`,
      'json-path-missing',
    );
    assert.deepEqual(titles, ["Change to 'password'"]);
    assert.deepEqual(newText, ['password']);
  });

  test('the old ARN of a secret deleted and created again', async () => {
    const { message, newText } = await fixesOf(`default:\n  R: "{{ aws_secret_var('${oldArn}') }}"\n`, 'secret-not-found');
    assert.match(message, /^Secret 'recreated' was deleted and created again: its ARN is now arn:/);
    assert.equal(newText.length, 1);
    assert.notEqual(newText[0], oldArn);
    assert.match(newText[0], /:secret:recreated-[A-Za-z0-9]{6}$/);
  });
});

describe('a region without secrets', () => {
  const moto = useMoto();
  test('is said once by the list state, not as a warning on every reference', async () => {
    const server = await startAccountServer({ endpoint: moto().endpoint });
    try {
      const uri = 'file:///workspace/io_config.yaml';
      server.open(uri, `default:\n  A: "{{ aws_secret_var('a') }}"\n  B: "{{ aws_secret_var('b') }}"\n`);
      assert.equal((await server.state('ready')).count, 0);
      const since = server.published.length;
      server.change(uri, 2, `default:\n  A: "{{ aws_secret_var('a') }}"\n  B: "{{ aws_secret_var('c') }}"\n`);
      assert.deepEqual(await server.diagnosticsSince(uri, since), []);
    } finally {
      await server.stop();
    }
  });
});
