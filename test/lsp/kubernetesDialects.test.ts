/**
 * External Secrets, the Secrets Store CSI driver and GitHub Actions through the real server against
 * moto: a missing key with did-you-mean, a store's own region, a JSON key, a clean object, a prefix
 * that is never called missing, and secret names completed where each dialect takes them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeAction, CompletionList, Diagnostic, DiagnosticSeverity, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { AccountServer, completeUntilComplete, REGION, seedWith, startAccountServer, useMoto, withCode } from '../support/accountServer';
import { clusterStore, externalSecret, providerClass, secretStore } from '../support/manifests';
import { seedSecrets } from '../support/moto';

const SECRETS = {
  'prod/db': '{"password":"p"}',
  'app/config': '{"user":"u"}',
  'prod/api': 'k',
  'team/db': '{"password":"p"}',
  'app/nested': '{"db":{"host":"h","port":5432},"user-name":"u"}',
  'app/keys': JSON.stringify({
    db: { host: 'VALUE-h', 'a.b': 'VALUE-x', port: 5432 },
    'user-name': 'VALUE-u',
    'foo.bar': 'VALUE-v',
    list: ['VALUE-e'],
  }),
};

const store = (name: string, region: string) => secretStore(['service: SecretsManager', `region: ${region}`], name);
const EXTERNAL_SECRET = [
  store('aws-sm', REGION),
  '---',
  store('aws-west', 'us-west-2'),
  '---',
  externalSecret([
    'data:',
    '  - secretKey: password',
    '    remoteRef:',
    '      key: /prod/db',
    '  - secretKey: user',
    '    remoteRef:',
    '      key: app/config',
    '      property: usr',
    '  - secretKey: west',
    '    sourceRef:',
    '      storeRef:',
    '        name: aws-west',
    '        kind: SecretStore',
    '    remoteRef:',
    '      key: west/only',
  ]),
  '',
].join('\n');

const PROVIDER_CLASS = `${providerClass(
  ['- objectName: "app/config"', '  objectType: "secretsmanager"', '  jmesPath:', '    - path: user', '      objectAlias: user'],
  [`region: ${REGION}`],
)}\n`;

const WORKFLOW = [
  'on: push',
  'jobs:',
  '  deploy:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: aws-actions/aws-secretsmanager-get-secrets@v2',
  '        with:',
  '          secret-ids: |',
  '            prod*',
  '            nothing-like-it*',
  '            CONFIG,app/config',
  '            TWO,prod*',
  '            TEAM,team*',
  '',
].join('\n');

const hasNotFound = (diagnostics: Diagnostic[]) => withCode(diagnostics, 'secret-not-found').length > 0;

describe('External Secrets, CSI and GitHub Actions against moto', () => {
  const moto = useMoto(async (endpoint) => {
    await seedSecrets(endpoint, SECRETS);
    await seedWith(endpoint, [
      { Name: 'dev/a', SecretString: 'a', Tags: [{ Key: 'team', Value: 'payments' }] },
      { Name: 'dev/b', SecretString: 'b', Tags: [{ Key: 'team', Value: 'search' }] },
    ]);
  });
  let server: AccountServer;
  // A store kept in a file of the workspace that is never opened.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-k8s-'));
  fs.mkdirSync(path.join(workspace, 'platform'));
  fs.writeFileSync(
    path.join(workspace, 'platform', 'stores.yaml'),
    clusterStore('team-store', ['service: SecretsManager', `region: ${REGION}`, 'prefix: team/']) +
      '\n---\n' +
      clusterStore('west-store', ['service: SecretsManager', 'region: us-west-2']),
  );
  before(async () => {
    server = await startAccountServer({ endpoint: moto().endpoint, workspaceFolders: [workspace] });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('External Secrets: a missing key with did-you-mean, a key of another store region noted, a missing property', async () => {
    const uri = 'file:///workspace/k8s/external-secret.yaml';
    server.open(uri, EXTERNAL_SECRET);
    const diagnostics = await server.diagnostics(
      uri,
      (params) => hasNotFound(params.diagnostics) && withCode(params.diagnostics, 'json-path-missing').length > 0,
    );
    const [notFound] = withCode(diagnostics, 'secret-not-found');
    assert.match(notFound.message, /^Secret '\/prod\/db' not found\. Did you mean 'prod\/db'\?/);
    assert.deepEqual(notFound.range, lineRange(EXTERNAL_SECRET, '/prod/db'));
    const [missingKey] = withCode(diagnostics, 'json-path-missing');
    assert.match(missingKey.message, /^'usr' is not a key of secret 'app\/config': External Secrets reports SecretSyncedError/);
    const [otherRegion] = withCode(diagnostics, 'secret-other-region');
    assert.equal(otherRegion.severity, DiagnosticSeverity.Information);
    assert.match(otherRegion.message, /^External Secrets reads this secret in us-west-2, but the configured region is us-east-1/);
    assert.deepEqual(otherRegion.range, lineRange(EXTERNAL_SECRET, 'west/only'));
    assert.equal(diagnostics.length, 3);
  });

  test('External Secrets: a store of another file gives the region and the prefix; one the workspace lacks, the configured region, said', async () => {
    const uri = 'file:///elsewhere/apps/external-secret.yaml';
    const text = [
      externalSecret(
        ['data:', '  - secretKey: db', '    remoteRef:', '      key: db', '  - secretKey: typo', '    remoteRef:', '      key: dbb'],
        ['name: team-store', 'kind: ClusterSecretStore'],
      ),
      '---',
      externalSecret(
        ['data:', '  - secretKey: west', '    remoteRef:', '      key: west/only'],
        ['name: west-store', 'kind: ClusterSecretStore'],
      ),
      '---',
      externalSecret(['data:', '  - secretKey: lost', '    remoteRef:', '      key: lost/one'], ['name: nowhere', 'kind: SecretStore']),
      '',
    ].join('\n');
    server.open(uri, text);
    const diagnostics = await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'secret-not-found').length === 2);
    const [typo, lost] = withCode(diagnostics, 'secret-not-found');
    // The prefix is prepended with no separator, and "did you mean" offers what goes after it.
    assert.match(typo.message, /^Secret 'team\/dbb' not found\. Did you mean 'team\/db'\?/);
    assert.deepEqual(typo.range, lineRange(text, 'dbb'));
    const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    });
    assert.equal(actions[0].title, "Change to 'db'");
    assert.match(
      lost.message,
      /^Secret 'lost\/one' not found\. .*SecretStore 'nowhere' is not in the workspace, so the configured region was assumed\.$/,
    );
    const [west] = withCode(diagnostics, 'secret-other-region');
    assert.match(west.message, /^External Secrets reads this secret in us-west-2/);
    assert.equal(diagnostics.length, 3, JSON.stringify(diagnostics));
    // Names are completed without the store's prefix.
    const typedDb = lineRange(text, 'dbb').start;
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { ...typedDb, character: typedDb.character + 2 },
    });
    assert.deepEqual(
      list.items.map((item) => [item.label, item.textEdit?.newText]),
      [['db', 'db']],
    );

    // A store in an open document, in no workspace folder, counts too.
    const since = server.published.length;
    server.open('file:///elsewhere/apps/store.yaml', `${secretStore(['service: SecretsManager', 'region: eu-west-1'], 'nowhere')}\n`);
    const after = await server.diagnosticsSince(uri, since, (found) => withCode(found, 'secret-not-found').length === 1);
    const [, lostElsewhere] = withCode(after, 'secret-other-region');
    assert.match(lostElsewhere.message, /^External Secrets reads this secret in eu-west-1/);
    assert.deepEqual(lostElsewhere.range, lost.range);
  });

  test('CSI: an object name that exists, with a key it has, is clean', async () => {
    await server.state('ready');
    const diagnostics = await server.openAndCheck('file:///workspace/k8s/secret-provider-class.yaml', PROVIDER_CLASS);
    assert.deepEqual(diagnostics, []);
  });

  test('CSI: JMES paths finding nothing and an object, and a version label the secret lacks', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/k8s/spc-jmes.yaml';
    const text = `${providerClass(
      [
        '- objectName: "app/nested"',
        '  objectType: "secretsmanager"',
        '  objectVersionLabel: STAGING',
        '  jmesPath:',
        `    - path: '"user-name"'`,
        '      objectAlias: user',
        '    - path: db',
        '      objectAlias: db',
        '    - path: db.hostname',
        '      objectAlias: host',
        '    - path: db.host',
        '      objectAlias: host2',
      ],
      [`region: ${REGION}`],
    )}\n`;
    server.open(uri, text);
    const diagnostics = await server.diagnostics(uri, (params) => params.diagnostics.length === 3);
    const [stage] = withCode(diagnostics, 'version-stage-missing');
    assert.match(
      stage.message,
      /^Version stage 'STAGING' is not attached to any version of secret 'app\/nested': The CSI driver cannot read it\./,
    );
    assert.deepEqual(stage.range, lineRange(text, 'STAGING'));
    const [object] = withCode(diagnostics, 'jmes-path-not-string');
    assert.equal(
      object.message,
      `JMESPath 'db' finds an object in secret 'app/nested', not a string: the pod fails to mount the volume ("Invalid JMES search result type for path:… Only string is allowed."). Point the path at a string inside it.`,
    );
    const dbLine = lineRange(text, '- path: db');
    assert.deepEqual(object.range, { start: { line: dbLine.start.line, character: dbLine.end.character - 2 }, end: dbLine.end });
    const [nothing] = withCode(diagnostics, 'jmes-path-nothing');
    assert.match(
      nothing.message,
      /^JMESPath 'db\.hostname' finds nothing in secret 'app\/nested': the pod fails to mount the volume .* Its top-level keys: db, user-name\.$/,
    );
    assert.deepEqual(nothing.range, lineRange(text, 'db.hostname'));
    assert.equal(withCode(diagnostics, 'secret-other-region').length + withCode(diagnostics, 'json-path-missing').length, 0);
  });

  test('External Secrets: a version id and a stage the secret lacks', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/k8s/es-versions.yaml';
    const text = `${externalSecret(
      [
        'data:',
        '  - secretKey: a',
        '    remoteRef:',
        '      key: db',
        '      version: uuid/01234567-89ab-cdef-0123-456789abcdef',
        '  - secretKey: b',
        '    remoteRef:',
        '      key: db',
        '      version: AWSPREVIOUS',
      ],
      ['name: team-store', 'kind: ClusterSecretStore'],
    )}\n`;
    server.open(uri, text);
    const diagnostics = await server.diagnostics(uri, (params) => params.diagnostics.length === 2);
    const [id] = withCode(diagnostics, 'version-id-missing');
    assert.match(id.message, /^Secret 'team\/db' has no version '01234567-89ab-cdef-0123-456789abcdef': External Secrets cannot read it\./);
    assert.deepEqual(id.range, lineRange(text, '01234567-89ab-cdef-0123-456789abcdef'));
    const [stage] = withCode(diagnostics, 'version-stage-missing');
    assert.match(
      stage.message,
      /^Version stage 'AWSPREVIOUS' is not attached to any version of secret 'team\/db'.* Stages attached: AWSCURRENT\.$/,
    );
    assert.deepEqual(stage.range, lineRange(text, 'AWSPREVIOUS'));
  });

  test('External Secrets: a find by name, path and tags is previewed in the hover; one finding nothing is flagged', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/k8s/es-find.yaml';
    const text = `${externalSecret(
      [
        'dataFrom:',
        '  - find:',
        '      name:',
        '        regexp: "^dev/"',
        '  - find:',
        '      path: dev/',
        '      name:',
        '        regexp: "b$"',
        '  - find:',
        '      tags:',
        '        team: payments',
        '  - find:',
        '      name:',
        '        regexp: "^nothing/"',
        '  - find:',
        '      name:',
        '        regexp: "(dev/.+)+"',
      ],
      ['name: team-store', 'kind: ClusterSecretStore'],
    )}\n`;
    const diagnostics = await server.openAndCheck(uri, text);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [none] = withCode(diagnostics, 'prefix-match-count');
    assert.match(
      none.message,
      /^No secret matches '\^nothing\/', and External Secrets needs at least 1: Check the search, or create a secret it finds\./,
    );
    const quoted = lineRange(text, '^nothing/"');
    assert.deepEqual(none.range, { start: quoted.start, end: { ...quoted.end, character: quoted.end.character - 1 } });
    const hoverAt = async (part: string) => {
      const hover: Hover = await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: lineRange(text, part).start,
      });
      return (hover.contents as MarkupContent).value.split('\n\n');
    };
    const [title, found, names] = await hoverAt('^dev/"');
    assert.equal(title, "**Secrets that match '^dev/'** · AWS Secrets Manager search");
    assert.equal(found, '2 secrets found in account 123456789012, region us-east-1:');
    assert.deepEqual(names.split('\n').sort(), ['- `dev/a`', '- `dev/b`']);
    assert.deepEqual((await hoverAt('b$"')).slice(1), ['1 secret found in account 123456789012, region us-east-1:', '- `dev/b`']);
    assert.deepEqual((await hoverAt('tags:')).slice(1), ['1 secret found in account 123456789012, region us-east-1:', '- `dev/a`']);
    const [, notPreviewed] = await hoverAt('(dev/.+)+"');
    assert.match(notPreviewed, /^Not previewed: the name pattern is not run here: it repeats a part that itself repeats or alternates/);
  });

  test('GitHub Actions: a prefix finding no secret, or 2 for an alias, is flagged; 1 to 100 are listed in the hover', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/.github/workflows/deploy.yml';
    const diagnostics = await server.openAndCheck(uri, WORKFLOW);
    const [none, two, ...others] = withCode(diagnostics, 'prefix-match-count');
    assert.deepEqual(others, []);
    assert.match(
      none.message,
      /^No secret has a name that starts with 'nothing-like-it', and aws-secretsmanager-get-secrets needs 1 to 100, else it fails/,
    );
    assert.deepEqual(none.range, lineRange(WORKFLOW, 'nothing-like-it*'));
    assert.match(
      two.message,
      /^2 secrets have names that start with 'prod', and aws-secretsmanager-get-secrets needs exactly 1, else it fails: Name the secret in full/,
    );
    const twoLine = WORKFLOW.split('\n').indexOf('            TWO,prod*');
    assert.deepEqual(two.range, { start: { line: twoLine, character: 16 }, end: { line: twoLine, character: 21 } });
    assert.equal(diagnostics.length, 2, JSON.stringify(diagnostics));
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: WORKFLOW.split('\n').indexOf('            prod*'), character: 13 },
    });
    const text = (hover.contents as MarkupContent).value;
    const [found, names] = text.split('\n\n').slice(1);
    assert.equal(found, '2 secrets found in account 123456789012, region us-east-1:');
    assert.deepEqual(names.split('\n').sort(), ['- `prod/api` → `PROD_API`', '- `prod/db` → `PROD_DB`']);
  });

  test('GitHub Actions: with parse-json-secrets, the hover names the variables of a JSON secret by its keys, of a plain one by its name', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/.github/workflows/json.yml';
    const text = WORKFLOW.replace(
      /secret-ids: \|\n[^]*$/,
      'parse-json-secrets: true\n          secret-ids: |\n            app/nested\n            API,prod/api\n            prod*\n',
    );
    assert.deepEqual(await server.openAndCheck(uri, text), []);
    const hoverAt = async (line: string) => {
      const hover: Hover = await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: text.split('\n').indexOf(line), character: line.length - 1 },
      });
      return (hover.contents as MarkupContent).value.split('\n\n');
    };
    const nested = await hoverAt('            app/nested');
    assert.ok(
      nested.includes('Environment variables: `APP_NESTED_DB_HOST`, `APP_NESTED_DB_PORT`, `APP_NESTED_USER_NAME`'),
      nested.join('\n\n'),
    );
    const plain = await hoverAt('            API,prod/api');
    assert.ok(plain.includes('Environment variables: `API`'), plain.join('\n\n'));
    const [, found, names] = await hoverAt('            prod*');
    assert.equal(found, '2 secrets found in account 123456789012, region us-east-1:');
    assert.deepEqual(names.split('\n').sort(), ['- `prod/api` → `PROD_API`', '- `prod/db` → `PROD_DB_PASSWORD`']);
  });

  test('stages are completed after version: and objectVersionLabel:, types after objectType:', async () => {
    const stages = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'];
    const cases: [string, string, string, string[]][] = [
      [
        'file:///workspace/k8s/es-version.yaml',
        externalSecret(['data:', '  - secretKey: a', '    remoteRef:', '      key: prod/db', '      version: AWSP']),
        '        version: AWSP',
        stages,
      ],
      [
        'file:///workspace/k8s/spc-label.yaml',
        providerClass(['- objectName: "prod/db"', '  objectType: "secretsmanager"', '  objectVersionLabel: AWSP']),
        '        objectVersionLabel: AWSP',
        stages,
      ],
      [
        'file:///workspace/k8s/spc-type.yaml',
        providerClass(['- objectName: "prod/db"', '  objectType: s']),
        '        objectType: s',
        ['secretsmanager', 'ssmparameter'],
      ],
    ];
    for (const [uri, text, line, choices] of cases) {
      await server.openAndCheck(uri, text);
      const position = { line: text.split('\n').indexOf(line), character: line.length };
      const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      assert.deepEqual(
        list.items.map((item) => item.label),
        choices,
        uri,
      );
    }
  });

  test('JSON keys are completed as gjson paths in remoteRef.property and as JMESPaths of strings in jmesPath.path', async () => {
    await server.state('ready');
    const esUri = 'file:///workspace/k8s/es-property.yaml';
    const es = `${store('aws-sm', REGION)}\n---\n${externalSecret(['data:', '  - secretKey: a', '    remoteRef:', '      key: app/keys', '      property: '])}`;
    await server.openAndCheck(esUri, es);
    const esKeys = await completeUntilComplete(server, esUri, endOf(es, 'property: '));
    // A top-level key with dots as it is (read as a literal key first), a nested one escaped, indexes as keys.
    assert.deepEqual(esKeys.items.map((item) => [item.label, item.textEdit?.newText, item.detail]).sort(), [
      ['db', 'db', 'object · key of app/keys'],
      ['db.a\\.b', '"db.a\\\\.b"', 'string · key of app/keys'],
      ['db.host', 'db.host', 'string · key of app/keys'],
      ['db.port', 'db.port', 'number · key of app/keys'],
      ['foo.bar', 'foo.bar', 'string · key of app/keys'],
      ['list', 'list', 'array · key of app/keys'],
      ['list.0', 'list.0', 'string · key of app/keys'],
      ['user-name', 'user-name', 'string · key of app/keys'],
    ]);
    assert.doesNotMatch(JSON.stringify(esKeys), /VALUE-/);

    // Through a store of another file, whose prefix the key goes after; typed before validation has caught up.
    const prefixedUri = 'file:///workspace/k8s/es-prefixed.yaml';
    const prefixed = (...property: string[]) =>
      `${externalSecret(['data:', '  - secretKey: a', '    remoteRef:', '      key: db', ...property], ['name: team-store', 'kind: ClusterSecretStore'])}\n`;
    await server.openAndCheck(prefixedUri, prefixed());
    const typed = prefixed("      property: ''");
    server.change(prefixedUri, 2, typed);
    const inQuotes = { ...endOf(typed, "property: ''"), character: endOf(typed, "property: ''").character - 1 };
    const first: CompletionList = await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: prefixedUri },
      position: inQuotes,
    });
    assert.ok(first.isIncomplete || first.items.length > 0, 'the secret is found under the prefix at once');
    const teamKeys = await completeUntilComplete(server, prefixedUri, inQuotes);
    assert.deepEqual(
      teamKeys.items.map((item) => [item.label, item.textEdit?.newText]),
      [['password', 'password']],
    );

    const csiUri = 'file:///workspace/k8s/spc-paths.yaml';
    const csi = providerClass(
      ['- objectName: "app/keys"', '  objectType: "secretsmanager"', '  jmesPath:', '    - objectAlias: one', '      path: '],
      [`region: ${REGION}`],
    );
    await server.openAndCheck(csiUri, csi);
    const csiKeys = await completeUntilComplete(server, csiUri, endOf(csi, 'path: '));
    // Only strings, which the driver mounts; other names quoted as JMESPath quotes them, in a YAML string.
    assert.deepEqual(csiKeys.items.map((item) => [item.label, item.textEdit?.newText]).sort(), [
      ['"foo.bar"', `'"foo.bar"'`],
      ['"user-name"', `'"user-name"'`],
      ['db."a.b"', `'db."a.b"'`],
      ['db.host', 'db.host'],
      ['list[0]', '"list[0]"'],
    ]);
  });

  test('External Secrets: a gjson property of nested keys and indexes, a property of a plain secret, a tag, and an extract of a value that is no JSON object', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/k8s/es-paths.yaml';
    const text = `${store('aws-sm', REGION)}\n---\n${externalSecret([
      'data:',
      ...['db.host', 'foo.bar', 'list.0', 'db.hots'].flatMap((property, index) => [
        `  - secretKey: k${index}`,
        '    remoteRef:',
        '      key: app/keys',
        `      property: ${property}`,
      ]),
      '  - secretKey: plain',
      '    remoteRef:',
      '      key: prod/api',
      '      property: password',
      ...['team', 'teem'].flatMap((tag) => [
        `  - secretKey: ${tag}`,
        '    remoteRef:',
        '      metadataPolicy: Fetch',
        '      key: dev/a',
        `      property: ${tag}`,
      ]),
      'dataFrom:',
      '  - extract:',
      '      key: prod/api',
      '  - extract:',
      '      key: app/config',
    ])}\n`;
    server.open(uri, text);
    const diagnostics = await server.diagnostics(uri, (params) => params.diagnostics.length === 4);
    const [missing] = withCode(diagnostics, 'json-path-missing');
    assert.match(
      missing.message,
      /^'db\.hots' is not a key of secret 'app\/keys': External Secrets reports SecretSyncedError .* Did you mean 'db\.host'\?/,
    );
    assert.deepEqual(missing.range, lineRange(text, 'db.hots'));
    // The hover names what the property selects as gjson writes it.
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: lineRange(text, 'list.0').start,
    });
    assert.match((hover.contents as MarkupContent).value, /\nproperty selects `list\.0`: string `•+`/);
    const [plain, notObject] = withCode(diagnostics, 'json-path-not-json');
    assert.match(
      plain.message,
      /^Secret 'prod\/api' is not JSON: External Secrets reports SecretSyncedError, as the value is not JSON, not 'password'\./,
    );
    assert.deepEqual(plain.range, lineRange(text, 'password'));
    // With metadataPolicy: Fetch, the property names a tag, from the secret list.
    const [tag] = withCode(diagnostics, 'tag-missing');
    assert.match(
      tag.message,
      /^Secret 'dev\/a' has no tag 'teem': External Secrets reports SecretSyncedError .* Did you mean 'team'\? Its tags: team\.$/,
    );
    const tagLine = lineRange(text, 'property: teem');
    assert.deepEqual(tag.range, { start: { ...tagLine.end, character: tagLine.end.character - 4 }, end: tagLine.end });
    assert.equal(
      notObject.message,
      "Secret 'prod/api' is not a JSON object: External Secrets reports SecretSyncedError, as the value is not JSON.",
    );
    const extractLine = text.split('\n').lastIndexOf('        key: prod/api');
    assert.deepEqual(notObject.range, { start: { line: extractLine, character: 13 }, end: { line: extractLine, character: 21 } });
  });

  test('CSI: with a failoverRegion, every object is read there too; one missing there is a warning', async () => {
    await server.state('ready');
    const uri = 'file:///workspace/k8s/spc-failover.yaml';
    const text = `${providerClass(
      [
        '- objectName: "app/config"',
        '  objectType: "secretsmanager"',
        '- objectName: "west/only"',
        '  objectType: "secretsmanager"',
        '- objectName: "west/db"',
        '  objectType: "secretsmanager"',
        '  objectAlias: db',
        '  failoverObject:',
        '    objectName: "prod/dbb"',
      ],
      ['region: us-west-2', `failoverRegion: ${REGION}`],
    )}\n`;
    server.open(uri, text);
    const diagnostics = await server.diagnostics(uri, (params) => withCode(params.diagnostics, 'secret-not-found').length === 2);
    const [westOnly, failoverObject] = withCode(diagnostics, 'secret-not-found');
    assert.match(
      westOnly.message,
      /^Secret 'west\/only' not found\. .*The driver reads every object in parameters\.failoverRegion us-east-1 too: a client error there, such as a secret not found, fails the mount\.$/,
    );
    assert.deepEqual(westOnly.range, insideQuotes(text, 'west/only'));
    assert.match(failoverObject.message, /^Secret 'prod\/dbb' not found\. Did you mean 'prod\/db'\?/);
    assert.deepEqual(failoverObject.range, insideQuotes(text, 'prod/dbb'));
    // The primary reads are in us-west-2, not the configured region: noted, not checked.
    assert.deepEqual(
      withCode(diagnostics, 'secret-other-region').map((diagnostic) => diagnostic.range),
      ['app/config', 'west/only', 'west/db'].map((name) => insideQuotes(text, name)),
    );
    assert.equal(diagnostics.length, 5, JSON.stringify(diagnostics));
  });

  test('secret names are completed in remoteRef.key, objectName and secret-ids lines', async () => {
    await server.state('ready');
    const cases: [string, string, string][] = [
      ['file:///workspace/k8s/es.yaml', EXTERNAL_SECRET, '        key: app/config'],
      ['file:///workspace/k8s/spc.yaml', PROVIDER_CLASS, '      - objectName: "app/config"'],
      ['file:///workspace/.github/workflows/ci.yml', WORKFLOW, '            CONFIG,app/config'],
    ];
    for (const [uri, text, line] of cases) {
      await server.openAndCheck(uri, text);
      const lines = text.split('\n');
      const position = { line: lines.indexOf(line), character: line.indexOf('app/') + 'app/'.length };
      const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      assert.ok(
        list.items.some((item) => item.label === 'app/config'),
        `${uri}: ${list.items.map((item) => item.label).join(', ')}`,
      );
    }
  });
});

/** The position at the end of the first line of `text` that is `line` after its indentation. */
function endOf(text: string, line: string) {
  const lines = text.split('\n');
  const index = lines.findIndex((candidate) => candidate.trimStart() === line);
  return { line: index, character: lines[index].length };
}

/** The range of `part` in the first line of `text` that holds it in double quotes. */
function insideQuotes(text: string, part: string) {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(`"${part}"`));
  const character = lines[line].indexOf(`"${part}"`) + 1;
  return { start: { line, character }, end: { line, character: character + part.length } };
}

/** The range of the first occurrence of `part` at the end of a line of `text`. */
function lineRange(text: string, part: string) {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.endsWith(part));
  const character = lines[line].length - part.length;
  return { start: { line, character }, end: { line, character: character + part.length } };
}
