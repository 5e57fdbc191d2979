/**
 * Completion through the real server against moto: secret names and ARNs from the account, ARN
 * parts, the reference snippet, JSON keys (never values), and half-typed text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItem, CompletionList, Position, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AccountServer, ACCOUNT, completeUntilComplete, REGION, seedWith, startAccountServer, useMoto } from '../support/accountServer';
import { startFaultProxy } from '../support/faultProxy';
import { freePort } from '../support/moto';

/** Values that must never show up in a completion. */
const JSON_SECRET = JSON.stringify({ db: { hosts: ['VALUE-h1', 'VALUE-h2'], user: 'VALUE-u' }, token: 'VALUE-t' });
const arns: Record<string, string> = {};
let seq = 0;

describe('completion against moto', () => {
  const moto = useMoto(async (endpoint) => {
    Object.assign(
      arns,
      await seedWith(endpoint, [
        { Name: 'prod/postgres/password', SecretString: 'VALUE-pw', Description: 'Main database' },
        { Name: 'prod/api-key', SecretString: 'VALUE-key' },
        { Name: 'database_config', SecretString: JSON_SECRET },
        { Name: 'old/secret', SecretString: 'VALUE-old', deleted: true },
      ]),
    );
  });
  const LIVE = ['database_config', 'prod/api-key', 'prod/postgres/password'];

  test('offline: one item that says why there is no list, and inserts nothing', async () => {
    const server = await startAccountServer({ endpoint: `http://127.0.0.1:${await freePort()}` });
    try {
      const { uri, at } = await openMarked(server, 'offline.yaml', `A: "{{ aws_secret_var('pr|') }}"\n`);
      await server.state('error');
      const list = await complete(server, uri, at[0]);
      assert.equal(list.items.length, 1);
      const [item] = list.items;
      assert.match(item.label, /^Secret list unavailable: .*127\.0\.0\.1/);
      assert.equal(item.filterText, 'pr');
      assert.deepEqual(item.textEdit, { range: { start: { line: 0, character: 23 }, end: { line: 0, character: 23 } }, newText: '' });
    } finally {
      await server.stop();
    }
  });

  test('before the list has loaded: answered at once, empty and incomplete', async () => {
    const proxy = await startFaultProxy(moto().endpoint);
    proxy.intercept(() => 'hang');
    const server = await startAccountServer({ endpoint: proxy.endpoint });
    try {
      const { uri, at } = await openMarked(
        server,
        'loading.yaml',
        `A: "{{ aws_secret_var('|') }}"\nB: "{{ json_value(aws_secret_var('database_config'), '|') }}"\n`,
      );
      await server.state('loading');
      assert.deepEqual(await complete(server, uri, at[0]), { isIncomplete: true, items: [] });
      assert.deepEqual(await complete(server, uri, at[1]), { isIncomplete: true, items: [] });
    } finally {
      await server.stop();
      await proxy.stop();
    }
  });

  describe('with the list loaded', () => {
    let server: AccountServer;
    before(async () => {
      server = await startAccountServer({ endpoint: moto().endpoint });
      server.open('file:///workspace/refs.yaml', `A: "{{ aws_secret_var('prod/api-key') }}"\n`);
      await server.state('ready');
    });
    after(() => server.stop());

    /** The line after applying the first item named `label` of a completion at the `|` of `line`. */
    async function completeLine(line: string, label: string): Promise<string> {
      const { uri, at, document } = await openMarked(server, `pipelines/demo/line-${seq++}.yaml`, line);
      const list = await complete(server, uri, at[0]);
      const item = list.items.find((candidate) => candidate.label === label);
      assert.ok(item, `${label} offered for ${line}: ${list.items.map((i) => i.label)}`);
      return TextDocument.applyEdits(document, [item.textEdit as TextEdit]);
    }

    test('names of live secrets, with the description as detail; deleted secrets are not offered', async () => {
      const { uri, at } = await openMarked(server, 'names.yaml', `A: "{{ aws_secret_var('|`);
      const list = await complete(server, uri, at[0]);
      assert.equal(list.isIncomplete, false);
      assert.deepEqual(list.items.map((item) => item.label).sort(), LIVE);
      const postgres = list.items.find((item) => item.label === 'prod/postgres/password')!;
      assert.equal(postgres.detail, 'Main database');
      assert.equal(postgres.documentation, undefined, 'documentation comes when the item is resolved');
      const resolved = await server.connection.sendRequest<CompletionItem>('completionItem/resolve', postgres);
      assert.match((resolved.documentation as { value: string }).value, new RegExp(`\`${arns['prod/postgres/password']}\``));
      const filtered = await openMarked(server, 'typed.yaml', `A: "{{ aws_secret_var('prpw|') }}"`);
      assert.deepEqual(
        (await complete(server, filtered.uri, filtered.at[0])).items.map((item) => item.label),
        ['prod/postgres/password'],
      );
    });

    test('the edit balances quote and parenthesis, with either quote', async () => {
      assert.equal(await completeLine(`A: "{{ aws_secret_var('|`, 'prod/api-key'), `A: "{{ aws_secret_var('prod/api-key')`);
      assert.equal(await completeLine(`A: "{{ aws_secret_var('pr|') }}"`, 'prod/api-key'), `A: "{{ aws_secret_var('prod/api-key') }}"`);
      assert.equal(await completeLine(`A: '{{ aws_secret_var("pr|") }}'`, 'prod/api-key'), `A: '{{ aws_secret_var("prod/api-key") }}'`);
      assert.equal(await completeLine(`A: '{{ aws_secret_var("|`, 'prod/api-key'), `A: '{{ aws_secret_var("prod/api-key")`);
      assert.equal(await completeLine(`A: "{{ aws_secret_var('pr|ab') }}"`, 'prod/api-key'), `A: "{{ aws_secret_var('prod/api-key') }}"`);
      assert.equal(
        await completeLine(`A: "{{ aws_secret_var('|', False) }}"`, 'prod/api-key'),
        `A: "{{ aws_secret_var('prod/api-key', False) }}"`,
      );
    });

    test('bare ARN: region, account and resource type parts, and the full ARNs of live secrets', async () => {
      const { uri, at } = await openMarked(
        server,
        'arn.yaml',
        'A: arn:aws:secretsmanager:|\nB: arn:aws:secretsmanager:us-east-1:|\nC: arn:aws:secretsmanager:us-east-1:123456789012:|\n',
      );
      const regions = await complete(server, uri, at[0]);
      const east = regions.items.find((item) => item.label === REGION)!;
      assert.equal(east.sortText, ' ', 'the configured region first');
      assert.deepEqual(east.textEdit, { range: { start: at[0], end: at[0] }, newText: `${REGION}:` });
      assert.ok(regions.items.some((item) => item.label === 'eu-west-1'));
      assert.deepEqual(arnLabels(regions), sortedLiveArns());
      const accounts = await complete(server, uri, at[1]);
      assert.deepEqual(
        accounts.items.filter((item) => !item.detail?.startsWith('arn:')).map((item) => [item.label, (item.textEdit as TextEdit).newText]),
        [[ACCOUNT, `${ACCOUNT}:`]],
      );
      assert.deepEqual(arnLabels(accounts), sortedLiveArns());
      const types = await complete(server, uri, at[2]);
      assert.deepEqual(
        types.items.filter((item) => !item.detail?.startsWith('arn:')).map((item) => item.label),
        ['secret'],
      );
      const full = await completeLine(`A: arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/ap|`, 'prod/api-key');
      assert.equal(full, `A: ${arns['prod/api-key']}`);
    });

    test("with completion.insert 'arn' the ARN is inserted", async () => {
      const since = server.notifications.length;
      server.setSettings({ endpoint: moto().endpoint, region: REGION, completion: { insert: 'arn' } });
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await server.state('ready', since);
      try {
        assert.equal(
          await completeLine(`A: "{{ aws_secret_var('pr|') }}"`, 'prod/api-key'),
          `A: "{{ aws_secret_var('${arns['prod/api-key']}') }}"`,
        );
      } finally {
        const reset = server.notifications.length;
        server.setSettings({ endpoint: moto().endpoint, region: REGION });
        server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        await server.state('ready', reset);
      }
    });

    test('the snippet of a whole reference at the start of a value', async () => {
      const { uri, at } = await openMarked(server, 'pipelines/demo/snippet.yaml', 'A: |\nB: "|"\nC: "{{ aws|\n');
      for (const position of at) {
        const list = await complete(server, uri, position);
        assert.deepEqual(
          list.items.map((item) => [item.label, item.detail, item.insertTextFormat, (item.textEdit as TextEdit).newText]),
          [['aws_secret_var reference', `"{{ aws_secret_var('…') }}"`, 2, `"{{ aws_secret_var('$1') }}"$0`]],
        );
      }
      assert.equal(await completeLine('B: "|"', 'aws_secret_var reference'), `B: "{{ aws_secret_var('$1') }}"$0`);
    });

    test('no Mage snippet in a YAML file that is not a Mage document', async () => {
      const { uri, at } = await openMarked(
        server,
        'k8s/deployment.yaml',
        'spec:\n  containers:\n    - image: app\n      imagePullPolicy: "|"\n',
      );
      assert.deepEqual((await complete(server, uri, at[0])).items, []);
    });

    test('JSON keys: incomplete until fetched, then every key path and never a value', async () => {
      // Unclosed, so that validation does not fetch the keys before the first request.
      const { uri, at } = await openMarked(server, 'keys.yaml', `A: "{{ json_value(aws_secret_var('database_config'), '|`);
      const first = await complete(server, uri, at[0]);
      assert.deepEqual(first, { isIncomplete: true, items: [] });
      const keys = await completeUntilComplete(server, uri, at[0]);
      assert.deepEqual(
        keys.items.map((item) => item.label),
        ['db', 'db.hosts', 'db.hosts[0]', 'db.hosts[1]', 'db.user', 'token'],
      );
      assert.equal(
        keys.items.find((item) => item.label === 'db.hosts')?.detail,
        'array · key of database_config',
        'the detail gives the type of the value',
      );
      assert.doesNotMatch(JSON.stringify(keys), /VALUE-/);
      const line = `A: "{{ json_value(aws_secret_var('database_config'), '|') }}"`;
      assert.equal(await completeLine(line, 'db.hosts[0]'), `A: "{{ json_value(aws_secret_var('database_config'), 'db.hosts[0]') }}"`);
      const plain = await openMarked(server, 'keys-plain.yaml', `A: "{{ json_value(aws_secret_var('prod/api-key'), '|`);
      await complete(server, plain.uri, plain.at[0]);
      assert.deepEqual(
        await completeUntilComplete(server, plain.uri, plain.at[0]),
        { isIncomplete: false, items: [] },
        'a plain secret has no keys',
      );
    });

    test('half-typed and broken text: every request at every position is answered', async () => {
      const texts = [
        `A: "{{ aws_secret_var('`,
        `A: "{{ aws_secret_var("pr`,
        `A: "{{ aws_secret_var(secret_id='p`,
        `A: "{{ json_value(aws_secret_var('database_config'), "db.`,
        `A: "{{ json_value(aws_secret_var('nope'), '`,
        `A: "{{ aws_secret_var('a' ~ '`,
        `- arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`,
        `A: arn:`,
        `A: "{{ aws_secret_var(')}}'{{'"`,
        `"{{ aws_secret_var('😀\u0000\t`,
        `: : '{{`,
        `{{ {{ }} }} aws_secret_var(`,
      ];
      const { uri } = await openMarked(server, 'broken.yaml', texts.join('\n'));
      const requests = texts.flatMap((text, line) =>
        Array.from({ length: text.length + 1 }, (_, character) => complete(server, uri, { line, character })),
      );
      const answers = await Promise.all(requests);
      assert.equal(answers.length, requests.length);
      for (const answer of answers) assert.ok(answer === null || Array.isArray(answer.items));
    });
  });
});

/** Opens `marked` with each `|` removed; `at` holds the positions of the marks. */
async function openMarked(
  server: AccountServer,
  name: string,
  marked: string,
): Promise<{ uri: string; at: Position[]; document: TextDocument }> {
  const uri = `file:///workspace/${name}`;
  const parts = marked.split('|');
  const text = parts.join('');
  const document = TextDocument.create(uri, 'yaml', 1, text);
  let offset = 0;
  const at = parts.slice(0, -1).map((part) => document.positionAt((offset += part.length)));
  await server.openAndCheck(uri, text);
  return { uri, at, document };
}

function complete(server: AccountServer, uri: string, position: Position): Promise<CompletionList> {
  return server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
}

/** The ARNs of the secrets offered, each item labelled by its secret's name and sorted after the ARN's parts. */
function arnLabels(list: CompletionList): string[] {
  const secrets = list.items.filter((item: CompletionItem) => item.detail?.startsWith('arn:'));
  for (const item of secrets) {
    assert.equal(item.label, Object.entries(arns).find(([, arn]) => arn === item.detail)?.[0], 'labelled by name');
    assert.ok(
      list.items.every((other) => secrets.includes(other) || (other.sortText ?? other.label) < item.sortText!),
      'after the parts',
    );
  }
  return secrets.map((item) => item.detail!).sort();
}

function sortedLiveArns(): string[] {
  return Object.entries(arns)
    .filter(([name]) => name !== 'old/secret')
    .map(([, arn]) => arn)
    .sort();
}
