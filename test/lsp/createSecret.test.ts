/**
 * Creating secrets through the real server against moto, and the hint on credentials written in
 * plain text with its "move to Secrets Manager" action.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { CodeAction, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CanAddJsonKeyResult, CreateSecretResult, SecretListStateParams } from '../../shared/protocol';
import { enclosingQuote } from '../../server/src/core/quotes';
import { referenceText } from '../../server/src/dialects/mage';
import { AccountServer, REGION, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { motoClient, seedSecrets } from '../support/moto';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { unmark } from '../support/marks';

/** Values that must never be in the transcript. */
const PLAIN_VALUE = `plain-${randomUUID()}`;
const JSON_VALUE = JSON.stringify({ user: 'admin', password: `json-${randomUUID()}` });
const MOVED_VALUE = `moved-${randomUUID()}`;

/** Secrets a moved value may be added to, or not; the first's big number must survive to the digit. */
const EXISTING = {
  'app/config': '{\n  "user": "admin",\n  "port": 5432,\n  "big": 12345678901234567890123\n}\n',
  'app/empty': '{}',
  'app/plain': 'not json',
  'app/list': '["a"]',
  'app/taken': '{"POSTGRES_PASSWORD":"kept"}',
  'app/binary': new Uint8Array([123, 125]),
};

describe('creating secrets against moto', () => {
  // One secret, so that the region is not empty (an empty one reports no reference missing).
  const moto = useMoto((endpoint) => seedSecrets(endpoint, { 'unrelated/one': 'VALUE', ...EXISTING }));
  let proxy: FaultProxy;
  let server: AccountServer;
  const uri = 'file:///workspace/io_config.yaml';
  before(async () => {
    proxy = await startFaultProxy(moto().endpoint);
    server = await startAccountServer({ endpoint: proxy.endpoint });
    server.open(uri, `A: "{{ aws_secret_var('new/plain') }}"\n`);
    await server.state('ready');
  });
  after(async () => {
    await server.stop();
    await proxy.stop();
  });

  function create(name: string, value: string, clientRequestToken = randomUUID()): Promise<CreateSecretResult> {
    return server.connection.sendRequest('awsSecretRefs/createSecret', { name, value, description: `about ${name}`, clientRequestToken });
  }

  async function stored(name: string): Promise<{ value?: string; description?: string; arn?: string }> {
    const client = motoClient(moto().endpoint);
    try {
      const { SecretString, ARN } = await client.send(new GetSecretValueCommand({ SecretId: name }));
      const { Description } = await client.send(new DescribeSecretCommand({ SecretId: name }));
      return { value: SecretString, description: Description, arn: ARN };
    } finally {
      client.destroy();
    }
  }

  test('creates a plain secret, and the list has it at once', async () => {
    await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'secret-not-found').length === 1);
    const since = server.published.length;
    const created = await create('new/plain', PLAIN_VALUE);
    const { arn, ...rest } = await stored('new/plain');
    assert.deepEqual(created, { ok: true, name: 'new/plain', arn });
    assert.deepEqual(rest, { value: PLAIN_VALUE, description: 'about new/plain' });
    assert.deepEqual(await server.diagnosticsSince(uri, since), [], 'the reference is found now');
    const state: SecretListStateParams = await server.connection.sendRequest('awsSecretRefs/refreshSecretList');
    assert.equal(state.count, 2 + Object.keys(EXISTING).length);
  });

  test('creates a JSON secret', async () => {
    const created = await create('new/json', JSON_VALUE);
    const { arn, value } = await stored('new/json');
    assert.deepEqual(created, { ok: true, name: 'new/json', arn });
    assert.equal(value, JSON_VALUE);
  });

  test('a name that exists: kind exists, with a plain message', async () => {
    assert.deepEqual(await create('new/plain', 'other'), {
      ok: false,
      kind: 'exists',
      message: `Secret 'new/plain' already exists in region ${REGION} at ${proxy.endpoint}. Choose another name, or refer to the existing secret.`,
    });
  });

  test('an invalid name: invalid-name, without calling AWS', async () => {
    const calls = proxy.operations.length;
    const result = await create('bad name!', 'x');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'invalid-name');
    assert.deepEqual(proxy.operations.slice(calls), []);
  });

  test('a retry with the same token does not create twice', async () => {
    const token = randomUUID();
    const first = await create('new/retried', PLAIN_VALUE, token);
    const second = await create('new/retried', PLAIN_VALUE, token);
    assert.ok(first.ok);
    assert.deepEqual(second, first);
    const client = motoClient(moto().endpoint);
    try {
      const { SecretList } = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['new/retried'] }] }));
      assert.deepEqual(
        SecretList?.map((secret) => secret.ARN),
        [first.arn],
      );
    } finally {
      client.destroy();
    }
  });

  describe('a moved value added as a key of an existing JSON secret', () => {
    const KEY = 'POSTGRES_PASSWORD';
    const canAdd = (secretId: string, key = KEY): Promise<CanAddJsonKeyResult> =>
      server.connection.sendRequest('awsSecretRefs/canAddJsonKey', { secretId, key });
    const add = (secretId: string, key = KEY): Promise<CreateSecretResult> =>
      server.connection.sendRequest('awsSecretRefs/addJsonKey', { secretId, key, value: MOVED_VALUE, clientRequestToken: randomUUID() });
    const notAnObject = (secretId: string, held: string) => ({
      ok: false,
      kind: 'not-json-object',
      message: `Secret '${secretId}' holds ${held}, so no key can be added to it: store the value as a secret of its own.`,
    });
    const taken = {
      ok: false,
      kind: 'json-key-taken',
      message: `Secret 'app/taken' already has a JSON key '${KEY}', which is kept as it is: store the value as a secret of its own, or use another key.`,
    };

    test('offered only for a JSON object without the key', async () => {
      assert.deepEqual(await canAdd('app/config'), { ok: true });
      assert.deepEqual(await canAdd('app/empty'), { ok: true });
      assert.deepEqual(await canAdd('app/plain'), notAnObject('app/plain', 'a value that is not a JSON object'));
      assert.deepEqual(await canAdd('app/list'), notAnObject('app/list', 'a value that is not a JSON object'));
      assert.deepEqual(await canAdd('app/taken'), taken);
      assert.deepEqual(await canAdd('app/binary'), notAnObject('app/binary', 'binary data'));
      const missing = await canAdd('app/missing');
      assert.equal(!missing.ok && missing.kind, 'not-found');
    });

    test('adds the key; every other key and character stays', async () => {
      const keysUri = 'file:///workspace/keys/io_config.yaml';
      const text = (version: number) => `A: "{{ json_value(aws_secret_var('app/config'), '${KEY}') }}" # ${version}\n`;
      const before = await server.openAndCheck(keysUri, text(1), (diagnostics) => withCode(diagnostics, 'json-path-missing').length === 1);
      assert.equal(withCode(before, 'json-path-missing').length, 1);

      const result = await add('app/config');
      const { arn, value } = await stored('app/config');
      assert.deepEqual(result, { ok: true, name: 'app/config', arn });
      assert.equal(value, `{\n  "user": "admin",\n  "port": 5432,\n  "big": 12345678901234567890123,"${KEY}":"${MOVED_VALUE}"\n}\n`);
      assert.deepEqual(JSON.parse(value!), { user: 'admin', port: 5432, big: Number('12345678901234567890123'), [KEY]: MOVED_VALUE });
      // What was known of its keys is forgotten: the reference to the new key is found at the next check.
      const since = server.published.length;
      server.change(keysUri, 2, text(2));
      await server.diagnosticsSince(keysUri, since, (diagnostics) => withCode(diagnostics, 'json-path-missing').length === 0);

      assert.deepEqual(await add('app/empty'), { ok: true, name: 'app/empty', arn: (await stored('app/empty')).arn });
      assert.equal((await stored('app/empty')).value, `{"${KEY}":"${MOVED_VALUE}"}`);
    });

    test('refuses a value that is not a JSON object, and a key it has, leaving the secret as it was', async () => {
      const calls = proxy.operations.length;
      assert.deepEqual(await add('app/plain'), notAnObject('app/plain', 'a value that is not a JSON object'));
      assert.deepEqual(await add('app/list'), notAnObject('app/list', 'a value that is not a JSON object'));
      assert.deepEqual(await add('app/taken'), taken);
      assert.deepEqual(proxy.operations.slice(calls), ['GetSecretValue', 'GetSecretValue', 'GetSecretValue'], 'nothing was stored');
      for (const name of ['app/plain', 'app/list', 'app/taken'] as const) assert.equal((await stored(name)).value, EXISTING[name]);
    });

    test("a reference to the key in the document's dialect; none for a key json_value would split", async () => {
      const referenceUri = 'file:///workspace/io_config.yaml';
      const at = (jsonKey: string) =>
        server.connection.sendRequest('awsSecretRefs/referenceText', {
          uri: referenceUri,
          position: { line: 0, character: 3 },
          secretId: 'app/config',
          jsonKey,
        });
      assert.equal(await at(KEY), `"{{ json_value(aws_secret_var('app/config'), '${KEY}') }}"`);
      assert.equal(await at('db.password'), null);
    });
  });

  test('no value is ever in the transcript', () => {
    const raw = server.transcript.join('');
    assert.ok(!raw.includes(PLAIN_VALUE));
    assert.ok(!raw.includes(JSON.parse(JSON_VALUE).password));
    assert.ok(!raw.includes(MOVED_VALUE));
  });

  describe('credentials written in plain text', () => {
    // Literals marked «…»: each must get the hint over exactly that range.
    const MARKED = [
      '# Mage io_config',
      'version: 0.1.1',
      'DB_PASSWORD: «top-level-pass»',
      'default:',
      '  POSTGRES_PASSWORD: «hunter2-literal»  # set by hand',
      "  API_KEY: &key «'sk-live-123'»",
      '  OTHER_API_KEY: *key',
      '  TOKEN: «"tok-abc"» # another',
      `  AWS_SECRET_ACCESS_KEY: "{{ aws_secret_var('aws/secret') }}"`,
      '  PASSWORD_FILE: /etc/pw',
      '  POSTGRES_USER_NAME: admin',
      '  # PASSWORD: in-a-comment',
      'dev:',
      '  SNOWFLAKE_PASSWORD: «dev-pass»',
      '  API_TOKEN: ${TOKEN}',
      '',
    ].join('\n');
    // A top-level key has no profile above it.
    const EXPECTED: { key: string; profile?: string }[] = [
      { key: 'DB_PASSWORD' },
      { key: 'POSTGRES_PASSWORD', profile: 'default' },
      { key: 'API_KEY', profile: 'default' },
      { key: 'TOKEN', profile: 'default' },
      { key: 'SNOWFLAKE_PASSWORD', profile: 'dev' },
    ];

    test('a hint over exactly each literal, and a move action with uri, range, key and profile (none at the top level)', async () => {
      const { text, spans } = unmark(MARKED);
      const hintsUri = 'file:///workspace/credentials.yaml';
      const document = TextDocument.create(hintsUri, 'yaml', 1, text);
      const diagnostics = withCode(await server.openAndCheck(hintsUri, text), 'hardcoded-credential');
      assert.deepEqual(
        diagnostics.map((diagnostic) => [diagnostic.range, diagnostic.severity]),
        spans.map((span) => [
          { start: document.positionAt(span.start), end: document.positionAt(span.end) },
          DiagnosticSeverity.Information,
        ]),
      );
      for (const [index, diagnostic] of diagnostics.entries()) {
        const { key } = EXPECTED[index];
        assert.equal(
          diagnostic.message,
          `'${key}' holds a credential in plain text. Move it to AWS Secrets Manager and reference it with aws_secret_var.`,
        );
        const actions = await codeActions(hintsUri, diagnostic);
        assert.deepEqual(
          actions.map((action) => action.command),
          [
            {
              title: 'Move value to AWS Secrets Manager…',
              command: 'awsSecretRefs.moveToSecretsManager',
              arguments: [{ uri: hintsUri, range: diagnostic.range, ...EXPECTED[index] }],
            },
          ],
        );
        // What the client then puts in place of the literal: the quoted reference, anchor and comment kept.
        const reference = referenceText(`moved/${key}`, undefined);
        const moved = TextDocument.applyEdits(document, [{ range: diagnostic.range, newText: reference }]);
        const line = diagnostic.range.start.line;
        assert.equal(moved.split('\n')[line], MARKED.split('\n')[line].replace(/«[^»]*»/, reference));
      }
    });

    test('inserting at a cursor inside a quoted value quotes the id with the other quote', () => {
      const line = `  TOKEN: 'prefix `;
      assert.equal(line + referenceText('x', enclosingQuote(line, line.length)), `  TOKEN: 'prefix {{ aws_secret_var("x") }}`);
    });
  });

  async function codeActions(target: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: target },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }
});
