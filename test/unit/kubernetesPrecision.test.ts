/**
 * What the External Secrets, CSI and GitHub Actions dialects must not report, which documents they
 * read, the references they give the account checks, and what they complete.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';
import { externalSecrets } from '../../server/src/dialects/externalSecrets';
import { githubActions } from '../../server/src/dialects/githubActions';
import { secretsStoreCsi } from '../../server/src/dialects/secretsStoreCsi';
import { shapeOf } from '../../server/src/core/secretShape';
import { providerClass, workflow } from '../support/manifests';

const loud = (path: string, text: string) =>
  analyze(path, text)
    .problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning')
    .map((problem) => `${problem.code} on '${text.slice(problem.span.start, problem.span.end)}'`);

const store = (service: string, more = '') =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  name: store\nspec:\n  provider:\n    aws:\n      service: ${service}\n      region: eu-west-1\n${more}`;
const externalSecret = (data: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef:\n    name: store\n    kind: SecretStore\n  data:\n${data}`;

describe('nothing false', () => {
  const clean: [string, string, string][] = [
    [
      'Parameter Store keys in a file with their store',
      'es.yaml',
      `${store('ParameterStore')}---\n${externalSecret('    - secretKey: a\n      remoteRef:\n        key: /prod/db password\n        version: latest\n')}`,
    ],
    [
      'a key of a store not in the file (another provider perhaps)',
      'es.yaml',
      externalSecret('    - secretKey: a\n      remoteRef:\n        key: db-my_secret\n        version: latest\n'),
    ],
    [
      'a Helm template around an ExternalSecret and its store',
      'templates/es.yaml',
      `{{- if .Values.enabled }}\n${store('{{ .Values.service }}')}---\n${externalSecret('    - secretKey: a\n      remoteRef:\n        key: {{ .Values.key | quote }}\n        version: {{ .Values.version }}\n')}{{- end }}\n`,
    ],
    [
      'a store region from a template is not a missing one',
      'store.yaml',
      'apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: s\nspec:\n  provider:\n    aws:\n      service: SecretsManager\n      {{- with .Values.region }}\n      region: {{ . }}\n      {{- end }}\n',
    ],
    [
      'CSI objects with $VARIABLEs',
      'spc.yaml',
      providerClass(
        [
          '- objectName: "$NAME"',
          '  objectType: "$TYPE"',
          '  filePermission: "$MODE"',
          '- objectName: "$NAME"',
          '  objectType: "secretsmanager"',
        ],
        ['region: ${REGION}'],
      ),
    ],
    [
      'CSI objects from a Helm template',
      'spc.yaml',
      providerClass(['{{- range .Values.secrets }}', '- objectName: {{ .name }}', '{{- end }}']),
    ],
    [
      'CSI fields in other cases, as the provider reads them',
      'spc.yaml',
      providerClass([
        '- objectName: "db"',
        '  objectType: "secretsmanager"',
        '  jmesPath:',
        '    - Path: "username"',
        '      ObjectAlias: "user"',
      ]),
    ],
    ['CSI ssmparameter objects', 'spc.yaml', providerClass(['- objectName: "/app/db-config"', '  objectType: "ssmparameter"'])],
    [
      'a lower-case alias when name-transformation is set at run time',
      '.github/workflows/a.yml',
      workflow(['my_alias,secret', 'prod/db', 'prod_db'], ['name-transformation: ${{ inputs.case }}']),
    ],
    ['one env name twice when JSON is parsed', '.github/workflows/a.yml', workflow(['prod/db', 'prod_db'], ['parse-json-secrets: true'])],
    [
      'a lower-case alias under name-transformation lowercase',
      '.github/workflows/a.yml',
      workflow(['my_alias,secret'], ['name-transformation: lowercase']),
    ],
    ['an expression in secret-ids', '.github/workflows/a.yml', workflow(['${{ vars.PROJECT }}/db', 'X,${{ inputs.id }}'])],
    ['the same line twice is read once', '.github/workflows/a.yml', workflow(['prod/db', 'prod/db'])],
  ];
  for (const [name, path, text] of clean) test(name, () => assert.deepEqual(loud(path, text), []));
});

describe('which documents are read', () => {
  test('by content, not by name', () => {
    const dialects = (path: string, text: string) => analyze(path, text).dialects.map((dialect) => dialect.id);
    assert.deepEqual(dialects('values.yaml', 'apiVersion: v1\nkind: Secret\n'), ['arn']);
    assert.deepEqual(dialects('anything.yaml', externalSecret('')), ['external-secrets', 'arn']);
    assert.deepEqual(dialects('spc.yaml', providerClass([]).replace('provider: aws', 'provider: azure')), ['arn']);
    assert.deepEqual(dialects('.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n'), [
      'arn',
    ]);
    assert.deepEqual(dialects('docs/example.yml', workflow(['a'])), ['github-actions', 'arn']);
  });
});

describe('references for the account checks', () => {
  test("External Secrets: the store region, a property of keys and a version; a prefixed key is looked up under the prefix, a template's not", () => {
    const text = `${store('SecretsManager')}---\n${externalSecret('    - secretKey: a\n      remoteRef:\n        key: prod/db\n        property: password\n        version: uuid/0123\n    - secretKey: b\n      remoteRef:\n        key: prod/api\n        property: a.b\n        version: AWSPREVIOUS\n    - secretKey: c\n      remoteRef:\n        key: prod/api\n        property: friends.#.first\n')}`;
    const [db, api, query] = analyze('es.yaml', text).references;
    assert.deepEqual([db.secretId, db.region, db.jsonPath?.path, db.versionId?.value], ['prod/db', 'eu-west-1', 'password', '0123']);
    assert.deepEqual(
      [api.secretId, api.jsonPath?.path, api.keySyntax, api.versionStage?.value],
      ['prod/api', 'a.b', 'gjson', 'AWSPREVIOUS'],
    );
    // A gjson query (a count, a wildcard, a modifier) is not a path of keys: not checked.
    assert.equal(query.jsonPath, undefined);
    const withPrefix = text.replace('region: eu-west-1\n', 'region: eu-west-1\n      prefix: team/\n');
    const prefixed = analyze('es.yaml', withPrefix).references;
    assert.deepEqual(
      prefixed.map((reference) => [
        reference.secretId,
        reference.idPrefix,
        withPrefix.slice(reference.idSpan!.start, reference.idSpan!.end),
      ]),
      [
        ['team/prod/db', 'team/', 'prod/db'],
        ['team/prod/api', 'team/', 'prod/api'],
        ['team/prod/api', 'team/', 'prod/api'],
      ],
    );
    const templated = analyze(
      'es.yaml',
      text.replace('region: eu-west-1\n', 'region: eu-west-1\n      prefix: "{{ .Values.team }}/"\n'),
    ).references;
    assert.deepEqual(
      templated.map((reference) => reference.secretId),
      [undefined, undefined, undefined],
    );
  });

  test('CSI: the region of the class, the first JMES key, a quoted one, versions', () => {
    const text = providerClass(
      [
        '- objectName: "prod/db"',
        '  objectType: "secretsmanager"',
        '  objectVersionLabel: AWSPREVIOUS',
        '  jmesPath:',
        `    - path: '"user-name"'`,
        '      objectAlias: user',
        '    - path: db.host',
        '      objectAlias: host',
      ],
      ['region: eu-west-1'],
    );
    const [reference] = analyze('spc.yaml', text).references;
    assert.deepEqual(
      [reference.secretId, reference.region, reference.jsonPath?.path, reference.versionStage?.value],
      ['prod/db', 'eu-west-1', 'user-name', 'AWSPREVIOUS'],
    );
    assert.equal(text.slice(reference.idSpan!.start, reference.idSpan!.end), 'prod/db');
    assert.equal(text.slice(reference.jsonPath!.span.start, reference.jsonPath!.span.end), 'user-name');
    assert.deepEqual(
      reference.jmesPaths!.map((path) => [path.value, text.slice(path.span.start, path.span.end)]),
      [
        ['"user-name"', '"user-name"'],
        ['db.host', 'db.host'],
      ],
    );
  });

  test('CSI: with a failoverRegion, each object read by name is read there too; a failoverObject instead of it', () => {
    const objects = [
      '- objectName: "prod/db"',
      '  objectType: "secretsmanager"',
      '- objectName: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"',
      '- objectName: "prod/api"',
      '  objectType: "secretsmanager"',
      '  objectAlias: api',
      '  failoverObject:',
      '    objectName: "prod/api-copy"',
    ];
    const reads = (parameters: string[]) =>
      analyze('spc.yaml', providerClass(objects, parameters)).references.map((reference) => [
        reference.secretId,
        reference.region,
        reference.assumption?.slice(0, 68),
      ]);
    const failover = 'The driver reads every object in parameters.failoverRegion us-east-2';
    assert.deepEqual(reads(['region: us-east-1', 'failoverRegion: us-east-2']), [
      ['prod/db', 'us-east-1', undefined],
      ['prod/db', 'us-east-2', failover],
      ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', undefined, undefined],
      ['prod/api', 'us-east-1', undefined],
      ['prod/api-copy', 'us-east-2', failover],
    ]);
    // Without parameters.region, the node's region may be the failover one: an object is read there by its failoverObject only.
    assert.deepEqual(
      reads(['failoverRegion: us-east-2']).map(([secretId]) => secretId),
      ['prod/db', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', 'prod/api', 'prod/api-copy'],
    );
  });

  test('GitHub Actions: the region of configure-aws-credentials, ids without aliases, a prefix as a search (one match with an alias)', () => {
    const text = workflow(['DB, prod/db', 'prod/api*', 'API,prod/api*']);
    const references = analyze('.github/workflows/ci.yml', text).references;
    assert.deepEqual(
      references.map((reference) => [
        reference.secretId,
        reference.prefixSearch,
        reference.region,
        text.slice(reference.span.start, reference.span.end),
      ]),
      [
        ['prod/db', undefined, 'us-east-1', 'prod/db'],
        [undefined, { prefix: 'prod/api', min: 1, max: 100 }, 'us-east-1', 'prod/api*'],
        [undefined, { prefix: 'prod/api', min: 1, max: 1 }, 'us-east-1', 'prod/api*'],
      ],
    );
  });
});

describe('GitHub Actions environment variables', () => {
  /** The variables each line sets from a secret of this value (undefined: not known), named `secretName` in the account. */
  const variables = (ids: string[], inputs: string[], value: string | undefined, secretName?: string) =>
    analyze('.github/workflows/ci.yml', workflow(ids, inputs)).references.map((reference) =>
      githubActions.variableNames!(reference, secretName, value === undefined ? undefined : shapeOf({ kind: 'string', text: value })),
    );
  const parse = ['parse-json-secrets: true'];
  // The action's README, example 3, and its unit test "Stores a variable for nested JSON key values when parseJson is true".
  const README_SECRET = '{"api_user": "user", "api_key": "key", "config": {"active": "true"}}';
  const NESTED_SECRET = '{"host":"127.0.0.1", "port": "3600", "config":{"db_user":"testuser","options":{"a":"YES","c": 100 }}}';

  test('with JSON parsed, one per key: nested objects flattened with _, the secret name or alias first', () => {
    assert.deepEqual(variables(['test/secret'], parse, README_SECRET), [
      ['TEST_SECRET_API_USER', 'TEST_SECRET_API_KEY', 'TEST_SECRET_CONFIG_ACTIVE'],
    ]);
    assert.deepEqual(variables(['test/secret'], parse, NESTED_SECRET), [
      [
        'TEST_SECRET_HOST',
        'TEST_SECRET_PORT',
        'TEST_SECRET_CONFIG_DB_USER',
        'TEST_SECRET_CONFIG_OPTIONS_A',
        'TEST_SECRET_CONFIG_OPTIONS_C',
      ],
    ]);
    assert.deepEqual(variables(['DB,test/secret'], parse, README_SECRET), [['DB_API_USER', 'DB_API_KEY', 'DB_CONFIG_ACTIVE']]);
  });

  test('a blank alias names them by the keys alone, and a key starting with a digit then gets _', () => {
    assert.deepEqual(variables([',secret2'], parse, '{"myusername": "a", "1st-try": "b"}'), [['MYUSERNAME', '_1ST_TRY']]);
    assert.deepEqual(variables([',secret2'], parse, 'plain'), [['SECRET2']]);
  });

  test('a string of JSON text holding an object is parsed too; an empty object sets nothing; a list is one value', () => {
    assert.deepEqual(variables(['app'], parse, JSON.stringify({ conf: '{"a":{"b":1}}', empty: {}, list: [1], text: '[1]' })), [
      ['APP_CONF_A_B', 'APP_LIST', 'APP_TEXT'],
    ]);
    assert.deepEqual(variables(['app'], parse, '[1, 2]'), [['APP']]);
  });

  test('name-transformation cases every part; without parse-json-secrets a JSON secret is one variable', () => {
    const value = '{"User-Name": "u"}';
    assert.deepEqual(variables(['test/Secret'], [...parse, 'name-transformation: lowercase'], value), [['test_secret_user_name']]);
    assert.deepEqual(variables(['test/Secret'], [...parse, 'name-transformation: none'], value), [['test_Secret_User_Name']]);
    assert.deepEqual(variables(['test/Secret', '0/test'], [], value), [['TEST_SECRET'], ['_0_TEST']]);
    const unknown = analyze('.github/workflows/ci.yml', workflow(['x'], ['name-transformation: constructor'])).problems;
    assert.deepEqual(
      unknown.map((problem) => problem.code),
      ['gha-name-transformation'],
    );
  });

  test('an ARN is named by the secret; what depends on a value not known, or on inputs set at run time, is not told', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
    assert.deepEqual(variables([arn], [], undefined, 'prod/db'), [['PROD_DB']]);
    assert.deepEqual(variables([arn], [], undefined), [undefined]);
    assert.deepEqual(variables(['prod/db'], parse, undefined), [undefined]);
    assert.deepEqual(variables(['prod/db'], ['name-transformation: ${{ inputs.case }}'], 'v'), [undefined]);
    assert.deepEqual(variables(['prod/db'], ['parse-json-secrets: ${{ inputs.parse }}'], 'v'), [undefined]);
  });
});

describe('completion contexts', () => {
  /** The text without its `‸`, and where that was. */
  const at = (marked: string) => ({ text: marked.replace('‸', ''), offset: marked.indexOf('‸') });
  test('remoteRef.key and extract.key, not other keys', () => {
    const { text, offset } = at('spec:\n  data:\n    - remoteRef:\n        key: "prod/d‸"\n');
    assert.deepEqual(externalSecrets.cursorContext!(text, offset), {
      kind: 'secretId',
      typed: 'prod/d',
      replace: { start: offset - 6, end: offset },
      closing: '',
    });
    const flow = at('      remoteRef: {key: pro‸}\n');
    assert.equal(externalSecrets.cursorContext!(flow.text, flow.offset)?.kind, 'secretId');
    const other = at('  secretStoreRef:\n    key: pro‸\n');
    assert.equal(externalSecrets.cursorContext!(other.text, other.offset), undefined);
  });
  test('objectName in the objects block', () => {
    const { text, offset } = at(providerClass(['- objectName: "pr‸']));
    assert.deepEqual(secretsStoreCsi.cursorContext!(text, offset), {
      kind: 'secretId',
      typed: 'pr',
      replace: { start: offset - 2, end: offset },
      closing: '"',
    });
  });
  test('a version stage after version: and objectVersionLabel:', () => {
    const es = at('spec:\n  data:\n    - remoteRef:\n        key: prod/db\n        version: AWSP‸\n');
    assert.deepEqual(externalSecrets.cursorContext!(es.text, es.offset), {
      kind: 'choice',
      choices: ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'],
      typed: 'AWSP',
      replace: { start: es.offset - 4, end: es.offset },
      closing: '',
    });
    const csi = at(providerClass(['- objectName: "prod/db"', '  objectType: "secretsmanager"', '  objectVersionLabel: "AWS‸']));
    assert.deepEqual(secretsStoreCsi.cursorContext!(csi.text, csi.offset), {
      kind: 'choice',
      choices: ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'],
      typed: 'AWS',
      replace: { start: csi.offset - 3, end: csi.offset },
      closing: '"',
    });
  });
  test('an objectType', () => {
    const { text, offset } = at(providerClass(['- objectName: "prod/db"', '  objectType: "se‸"']));
    assert.deepEqual(secretsStoreCsi.cursorContext!(text, offset), {
      kind: 'choice',
      choices: ['secretsmanager', 'ssmparameter'],
      typed: 'se',
      replace: { start: offset - 2, end: offset },
      closing: '',
    });
  });
  test('a gjson path as remoteRef.property, of the key beside it; none for a tag', () => {
    const { text, offset } = at('spec:\n  data:\n    - remoteRef:\n        key: "prod/db"\n        property: \'db.‸\'\n');
    assert.deepEqual(externalSecrets.cursorContext!(text, offset), {
      kind: 'jsonKey',
      secretId: 'prod/db',
      idAt: text.indexOf('prod/db'),
      syntax: 'gjson',
      typed: 'db.',
      replace: { start: offset - 3, end: offset },
      closing: '',
      quote: "'",
    });
    const below = at('      remoteRef:\n        property: us‸\n        version: AWSCURRENT\n        key: app # the app\n');
    assert.equal((externalSecrets.cursorContext!(below.text, below.offset) as { secretId: string }).secretId, 'app');
    const tag = at('      remoteRef:\n        key: app\n        metadataPolicy: Fetch\n        property: te‸\n');
    assert.equal(externalSecrets.cursorContext!(tag.text, tag.offset), undefined);
    const otherItem = at('  data:\n    - remoteRef:\n        key: a\n    - remoteRef:\n        property: ‸\n');
    assert.equal(externalSecrets.cursorContext!(otherItem.text, otherItem.offset), undefined);
  });
  test("a JMESPath as a jmesPath entry's path, of its object", () => {
    const { text, offset } = at(
      providerClass([
        '- objectName: "prod/db"',
        '  objectType: "secretsmanager"',
        '  jmesPath:',
        '    - path: username',
        '      objectAlias: user',
        '    - objectAlias: host',
        '      path: d‸',
        '- objectName: other',
      ]),
    );
    assert.deepEqual(secretsStoreCsi.cursorContext!(text, offset), {
      kind: 'jsonKey',
      secretId: 'prod/db',
      syntax: 'jmespath',
      typed: 'd',
      replace: { start: offset - 1, end: offset },
      closing: '',
    });
  });
  test('a secret-ids line, after an alias', () => {
    const { text, offset } = at(workflow(['DB, prod/‸']));
    assert.deepEqual(githubActions.cursorContext!(text, offset), {
      kind: 'secretId',
      typed: 'prod/',
      replace: { start: offset - 5, end: offset },
      closing: '',
    });
  });
});
