/**
 * Every invalid example of the dialect notes for External Secrets, the CSI driver and GitHub Actions
 * that can be told without the account, in a document of its kind, gets its code on the offending text.
 * (The others, a missing key or a secret that is not JSON, need the account: see test/lsp.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';
import { externalSecret, providerClass, secretStore, workflow } from '../support/manifests';

const store = (...aws: string[]) => secretStore(aws);
const SECRETS_MANAGER_STORE = store('service: SecretsManager', 'region: us-east-1');

/** An ExternalSecret after a Secrets Manager store of the same file, with `spec` lines. */
const externalSecretAfter = (spec: string[], storeText = SECRETS_MANAGER_STORE) => [storeText, '---', externalSecret(spec)].join('\n');
const remoteRef = (...fields: string[]) =>
  externalSecretAfter(['data:', '  - secretKey: value', '    remoteRef:', ...fields.map((line) => `      ${line}`)]);

const SECRET = ['- objectName: "MySecret"', '  objectType: "secretsmanager"'];

/** Name, path, text, the code expected, and the text it is expected on. */
const EXAMPLES: [string, string, string, string, string][] = [
  ['2.3 I1', 'es.yaml', remoteRef('key: production/api-key', 'version: latest'), 'eso-version-stage', 'latest'],
  [
    '2.3 I2',
    'es.yaml',
    remoteRef('key: production/api-key', 'version: 123e4567-e89b-12d3-a456-426614174000'),
    'eso-version-id',
    '123e4567-e89b-12d3-a456-426614174000',
  ],
  ['2.3 I5', 'es.yaml', externalSecretAfter(['dataFrom:', '  - find:', '      path: dev/']), 'eso-find-no-filter', 'dev/'],
  [
    '2.3 I6',
    'es.yaml',
    externalSecretAfter(['dataFrom:', '  - find:', '      name:', '        regexp: "dev-(*"']),
    'eso-find-regexp',
    'dev-(*',
  ],
  ['2.3 I7', 'store.yaml', store('service: SecretManager', 'region: us-east-1'), 'eso-store-service', 'SecretManager'],
  ['2.3 I8', 'store.yaml', store('service: SecretsManager'), 'eso-store-region', 'aws'],
  [
    '2.3 I9',
    'es.yaml',
    externalSecretAfter(
      ['data:', '  - secretKey: db', '    remoteRef:', '      key: db'],
      store('service: SecretsManager', 'region: us-east-1', 'prefix: prod'),
    ),
    'eso-prefix-separator',
    'db',
  ],
  [
    '2.3 I10',
    'es.yaml',
    externalSecretAfter(
      ['data:', '  - secretKey: db', '    remoteRef:', '      key: db'],
      SECRETS_MANAGER_STORE.replace('kind: SecretStore', 'kind: ClusterSecretStore'),
    ),
    'eso-store-kind',
    'SecretStore',
  ],
  ['2.4 I1', 'spc.yaml', providerClass(['- objectType: "secretsmanager"']), 'csi-object-name-missing', 'objectType: "secretsmanager"'],
  ['2.4 I2', 'spc.yaml', providerClass(['- objectName: "MySecret"']), 'csi-object-type-missing', 'MySecret'],
  ['2.4 I3', 'spc.yaml', providerClass(['- objectName: "MySecret"', '  objectType: "ssm"']), 'csi-object-type', 'ssm'],
  [
    '2.4 I4',
    'spc.yaml',
    providerClass(['- objectName: "arn:aws:ssm:us-east-1:123456789012:parameter/app"', '  objectType: "secretsmanager"']),
    'csi-object-type-arn',
    'secretsmanager',
  ],
  [
    '2.4 I5',
    'spc.yaml',
    providerClass(['- objectName: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"'], ['region: us-east-1']),
    'csi-arn-region',
    'eu-west-1',
  ],
  ['2.4 I6', 'spc.yaml', providerClass([...SECRET, '  jmesPath:', '    - objectAlias: u']), 'csi-jmes-path-missing', 'objectAlias: u'],
  ['2.4 I7', 'spc.yaml', providerClass([...SECRET, '  jmesPath:', '    - path: username']), 'csi-jmes-alias-missing', 'path: username'],
  ['2.4 I8', 'spc.yaml', providerClass([...SECRET, '  filePermission: "644"']), 'csi-file-permission', '644'],
  [
    '2.4 I9 no alias',
    'spc.yaml',
    providerClass([...SECRET, '  failoverObject:', '    objectName: "MySecret"'], ['region: us-east-1', 'failoverRegion: us-east-2']),
    'csi-failover-alias',
    'failoverObject',
  ],
  [
    '2.4 I9 no failover region',
    'spc.yaml',
    providerClass([...SECRET, '  objectAlias: db', '  failoverObject:', '    objectName: "MySecret"'], ['region: us-east-1']),
    'csi-failover-region',
    'failoverObject',
  ],
  ['2.4 I10', 'spc.yaml', providerClass([...SECRET, ...SECRET]), 'csi-duplicate-object', 'MySecret'],
  [
    '2.4 I11',
    'spc.yaml',
    providerClass([
      '- objectName: "One"',
      '  objectType: "secretsmanager"',
      '  objectAlias: db',
      '- objectName: "Two"',
      '  objectType: "secretsmanager"',
      '  objectAlias: db',
    ]),
    'csi-duplicate-alias',
    'db',
  ],
  ['2.4 I12', 'spc.yaml', providerClass(SECRET, ['pathTranslation: "--"']), 'csi-path-translation', '--'],
  [
    '2.4 I13',
    'spc.yaml',
    providerClass(['array:', '  - |', '    objectName: "MySecret"', '    objectType: "secretsmanager"']),
    'csi-objects-not-list',
    'array:',
  ],
  [
    '2.4 I14',
    'spc.yaml',
    providerClass([...SECRET, '  jmesPath:', '    - path: my-key', '      objectAlias: key']),
    'csi-jmes-path-quoting',
    'my-key',
  ],
  [
    '2.4 JMESPath that does not parse',
    'spc.yaml',
    providerClass([...SECRET, '  jmesPath:', `    - path: 'db.[user'`, '      objectAlias: user']),
    'csi-jmes-path-syntax',
    'db.[user',
  ],
  [
    '2.4 I15',
    'spc.yaml',
    providerClass(
      SECRET,
      [],
      ['secretObjects:', '  - secretName: app', '    type: Opaque', '    data:', '      - objectName: username', '        key: username'],
    ),
    'csi-secret-object-file',
    'username',
  ],
  ['2.5 short prefix', '.github/workflows/ci.yml', workflow(['be*']), 'gha-prefix', 'be*'],
  [
    '2.5 comment after a prefix',
    '.github/workflows/ci.yml',
    workflow(["beta*    # Retrieves all secrets that start with 'beta'"]),
    'gha-prefix',
    "beta*    # Retrieves all secrets that start with 'beta'",
  ],
  ['2.5 lower-case alias', '.github/workflows/ci.yml', workflow(['my_alias,secret']), 'gha-alias', 'my_alias'],
  ['2.5 one env name twice', '.github/workflows/ci.yml', workflow(['prod/db', 'prod_db']), 'gha-duplicate-name', 'prod_db'],
];

describe('invalid examples of External Secrets, the CSI driver and GitHub Actions', () => {
  for (const [name, path, text, code, on] of EXAMPLES) {
    test(`${name}: ${code}`, () => {
      const problems = analyze(path, text).problems.map((problem) => [problem.code, text.slice(problem.span.start, problem.span.end)]);
      assert.ok(
        problems.some(([found, at]) => found === code && at === on),
        `expected ${code} on '${on}', found:\n${problems.map(([found, at]) => `  ${found} on '${at}'`).join('\n')}`,
      );
    });
  }
});
