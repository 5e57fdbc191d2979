import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSecretsManagerArnCandidate, parseSecretArn, type ParsedSecretArn } from '../../server/src/core/arn';
import { PARTITIONS } from '../../server/src/core/partitions';
import { unmark } from '../support/marks';

const ACCOUNT = '123456789012';
const BASE = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`;

function issuesOf(text: string) {
  return parseSecretArn(text).issues.map((i) => [i.code, i.severity, i.start, i.end]);
}

test('every partition and each of its regions: partial and full ARNs parse without issues', () => {
  for (const partition of PARTITIONS) {
    for (const region of partition.regions) {
      const partial = `arn:${partition.id}:secretsmanager:${region}:${ACCOUNT}:secret:prod/db`;
      const full = `${partial}-a1B2c3`;
      const regionStart = `arn:${partition.id}:secretsmanager:`.length;
      const nameStart = partial.length - 'prod/db'.length;
      const common = {
        partition: partition.id,
        service: 'secretsmanager',
        region,
        account: ACCOUNT,
        resourceType: 'secret',
        name: 'prod/db',
        issues: [],
      };
      const spans = {
        partition: { start: 4, end: 4 + partition.id.length },
        service: { start: 5 + partition.id.length, end: regionStart - 1 },
        region: { start: regionStart, end: regionStart + region.length },
        account: { start: regionStart + region.length + 1, end: regionStart + region.length + 13 },
        resourceType: { start: nameStart - 7, end: nameStart - 1 },
        name: { start: nameStart, end: partial.length },
      };
      assert.deepEqual(parseSecretArn(partial), { ...common, isFull: false, spans }, partial);
      assert.deepEqual(
        parseSecretArn(full),
        { ...common, suffix: 'a1B2c3', isFull: true, spans: { ...spans, suffix: { start: partial.length + 1, end: full.length } } },
        full,
      );
    }
  }
});

test('names with every allowed character, partial and full', () => {
  const names = ['a', 'API_KEY', 'prod/postgres/password', 'a/b_c+d=e.f@g-h', 'x'.repeat(512), ...[...'/_+=.@-'].map((c) => `a${c}b`)];
  for (const name of names) {
    for (const suffix of [undefined, 'A1b2C3', '000000', 'zzzzzz']) {
      const text = BASE + name + (suffix ? `-${suffix}` : '');
      const parsed = parseSecretArn(text);
      assert.deepEqual(parsed.issues, [], text);
      assert.equal(parsed.name, name, text);
      assert.equal(parsed.suffix, suffix, text);
      assert.equal(parsed.isFull, suffix !== undefined, text);
      assert.deepEqual(parsed.spans.name, { start: BASE.length, end: BASE.length + name.length }, text);
    }
  }
});

test('a name ending in -XXXXXX is read as the full ARN suffix', () => {
  const parsed = parseSecretArn(`${BASE}prod-db-pass12`);
  assert.equal(parsed.name, 'prod-db');
  assert.equal(parsed.suffix, 'pass12');
  assert.equal(parsed.isFull, true);
  assert.deepEqual(parsed.issues, []);
  // A lone "-abcdef" has no name before the hyphen: it is a name, not a suffix.
  const lone = parseSecretArn(`${BASE}-abcdef`);
  assert.equal(lone.isFull, false);
  assert.equal(lone.name, '-abcdef');
  assert.deepEqual(issuesOf(`${BASE}-abcdef`), [['arn-secret-name', 'warning', BASE.length, BASE.length + 7]]);
});

test("'!' in the names of secrets that AWS services manage", () => {
  for (const name of [
    'rds!cluster-3f2a8c1e-5b7d-4e2a-9c3f-1a2b3c4d5e6f',
    'events!connection/my-api/5f4b1d2e-3c6a-4b8e-9d0f-1a2b3c4d5e6f',
  ]) {
    for (const text of [BASE + name, `${BASE}${name}-AbC123`]) {
      const parsed = parseSecretArn(text);
      assert.deepEqual(parsed.issues, [], text);
      assert.equal(parsed.name, name, text);
    }
  }
});

/** Filled in later by CloudFormation's `!Sub`, a shell, Serverless or a template: no issue at all, and the parts as written. */
const DYNAMIC: [text: string, parts: Partial<ParsedSecretArn>][] = [
  [
    'arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:MySecret-*',
    { region: '${AWS::Region}', account: '${AWS::AccountId}', name: 'MySecret-*', isPattern: true },
  ],
  [
    'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SecretName}',
    { partition: '${AWS::Partition}', service: 'secretsmanager', resourceType: 'secret', name: '${SecretName}' },
  ],
  ['arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:prod/db-AbCdEf', { region: 'us-east-1', name: 'prod/db', suffix: 'AbCdEf' }],
  // With the partition unknown, the region is one of any partition.
  ['arn:${AWS::Partition}:secretsmanager:cn-north-1:123456789012:secret:x', { region: 'cn-north-1', account: '123456789012' }],
  ['arn:aws:secretsmanager:${AWS_REGION}:${ACCOUNT_ID}:secret:${SECRET_NAME}', { account: '${ACCOUNT_ID}', name: '${SECRET_NAME}' }],
  [
    'arn:aws:secretsmanager:${self:provider.region}:${aws:accountId}:secret:${self:service}-${opt:stage}/db',
    { region: '${self:provider.region}', name: '${self:service}-${opt:stage}/db' },
  ],
  [
    'arn:aws:secretsmanager:${opt:region, self:custom.${opt:stage}.region}:123456789012:secret:x',
    { region: '${opt:region, self:custom.${opt:stage}.region}', name: 'x' },
  ],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/${Stage}/db:password::', { name: 'prod/${Stage}/db' }],
  [
    'arn:aws:secretsmanager:{{ .Values.region }}:{{ .Values.account }}:secret:{{ include "app.name" . }}/db',
    { region: '{{ .Values.region }}', account: '{{ .Values.account }}' },
  ],
  [
    'arn:aws:secretsmanager:{% if prod %}us-east-1{% else %}us-west-2{% endif %}:123456789012:secret:x',
    { account: '123456789012', name: 'x' },
  ],
];

test('dynamic fields: not checked, no issue; the fields around them are read', () => {
  for (const [text, parts] of DYNAMIC) {
    const parsed = parseSecretArn(text);
    assert.deepEqual(parsed.issues, [], text);
    assert.equal(parsed.isDynamic, true, text);
    for (const [part, value] of Object.entries(parts)) assert.deepEqual(parsed[part as keyof ParsedSecretArn], value, `${part} of ${text}`);
  }
});

/** IAM resource patterns: a valid shape, no issue, and no region, account or name taken for a typo. */
const PATTERNS: [text: string, parts: Partial<ParsedSecretArn>][] = [
  ['arn:aws:secretsmanager:*:*:secret:events!connection/*', { region: '*', account: '*', name: 'events!connection/*' }],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/*', { region: 'us-east-1', name: 'prod/*', isFull: false }],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:MySecret-??????', { name: 'MySecret-??????', isFull: false }],
  ['arn:aws:secretsmanager:*:123456789012:secret:db-AbCdEf', { name: 'db', suffix: 'AbCdEf' }],
  ['arn:aws:secretsmanager:us-east-1:*:secret:db', { account: '*' }],
  ['arn:aws:secretsmanager:us-*:12345678901?:secret:db', { region: 'us-*', account: '12345678901?' }],
  ['arn:aws-*:secretsmanager:*:*:secret:*', { partition: 'aws-*', name: '*' }],
  ['arn:aws:secretsmanager:us-east-1:123456789012:*:*', { resourceType: '*' }],
  // A `*` that ends a field also matches the fields after it.
  ['arn:aws:secretsmanager:*:*:*', { resourceType: '*', name: '' }],
  ['arn:aws:secretsmanager:*', { region: '*', account: '' }],
];

test('IAM resource patterns: checked as patterns, without issues', () => {
  for (const [text, parts] of PATTERNS) {
    const parsed = parseSecretArn(text);
    assert.deepEqual(parsed.issues, [], text);
    assert.equal(parsed.isPattern, true, text);
    assert.equal(parsed.isDynamic, undefined, text);
    for (const [part, value] of Object.entries(parts)) assert.deepEqual(parsed[part as keyof ParsedSecretArn], value, `${part} of ${text}`);
  }
});

/**
 * ECS's selector, from the ECS and App Runner guides: «:«json-key»:«version-stage»:«version-id»»
 * marks the selector and its fields.
 */
const SELECTORS = [
  'arn:aws:secretsmanager:us-east-1:139013895924:secret:ZeroSecretCF-OzkEVp«:«ZC_DB__PASSWORD»:«»:«»»',
  `${BASE}appauthexample-AbCdEf«:«username1»:«»:«»»`,
  `${BASE}appauthexample-AbCdEf«:«»:«AWSPREVIOUS»:«»»`,
  `${BASE}appauthexample-AbCdEf«:«»:«»:«9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE»»`,
  `${BASE}appauthexample-AbCdEf«:«username1»:«AWSPREVIOUS»:«»»`,
  `${BASE}appauthexample-AbCdEf«:«username1»:«»:«9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE»»`,
  `${BASE}testingstackAppRunnerConstr-kJFXde2ULKbT-S7t8xR«:«username»:«»:«»»`,
  `${BASE}prod/db«:«»:«»:«»»`,
  `${BASE}db-AbCdEf«:«»:«»:«${'a'.repeat(32)}»»`,
  `${BASE}db-AbCdEf«:«»:«»:«${'a'.repeat(64)}»»`,
];

test('the ECS selector: read with its spans, no issue; the ARN before it parses the same', () => {
  for (const marked of SELECTORS) {
    const { text, spans } = unmark(marked);
    const [span, jsonKey, versionStage, versionId] = spans;
    const { selector, ...parsed } = parseSecretArn(text);
    assert.deepEqual(parsed.issues, [], text);
    const value = (at: typeof span) => text.slice(at.start, at.end);
    assert.deepEqual(
      selector,
      {
        jsonKey: value(jsonKey),
        versionStage: value(versionStage),
        versionId: value(versionId),
        span,
        spans: { jsonKey, versionStage, versionId },
      },
      text,
    );
    assert.deepEqual(parsed, parseSecretArn(text.slice(0, span.start)), text);
  }
});

/** [marked text, [code, severity] of each marked issue, in order]. */
const REJECTED: [string, [string, string][]][] = [
  // arn-prefix
  ['«ARN»:aws:secretsmanager:us-east-1:123456789012:secret:x', [['arn-prefix', 'error']]],
  ['«arm»:aws:secretsmanager:us-east-1:123456789012:secret:x', [['arn-prefix', 'error']]],
  ['« arn»:aws:secretsmanager:us-east-1:123456789012:secret:x', [['arn-prefix', 'error']]],
  ['«»', [['arn-prefix', 'error']]],
  ['«hello»', [['arn-prefix', 'error']]],
  ['«prod/postgres/password»', [['arn-prefix', 'error']]],
  // arn-partition
  ['arn:«awss»:secretsmanager:us-east-1:123456789012:secret:x', [['arn-partition', 'error']]],
  ['arn:«AWS»:secretsmanager:us-east-1:123456789012:secret:x', [['arn-partition', 'error']]],
  ['arn:«»:secretsmanager:us-east-1:123456789012:secret:x', [['arn-partition', 'error']]],
  ['arn:«aws-us-gow»:secretsmanager:us-gov-west-1:123456789012:secret:x', [['arn-partition', 'error']]],
  ['arn:«amazon»:secretsmanager:us-east-1:123456789012:secret:x', [['arn-partition', 'error']]],
  // arn-service
  ['arn:aws:«secretmanager»:us-east-1:123456789012:secret:x', [['arn-service', 'error']]],
  ['arn:aws:«SecretsManager»:us-east-1:123456789012:secret:x', [['arn-service', 'error']]],
  ['arn:aws:«secrets-manager»:us-east-1:123456789012:secret:x', [['arn-service', 'error']]],
  ['arn:aws:«ssm»:us-east-1:123456789012:secret:x', [['arn-service', 'error']]],
  ['arn:aws:«»:us-east-1:123456789012:secret:x', [['arn-service', 'error']]],
  // arn-region
  ['arn:aws:secretsmanager:«us-westt-2»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«useast-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«us-west»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«US-EAST-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«us-éast-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«cn-north-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws-cn:secretsmanager:«us-east-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws-us-gov:secretsmanager:«us-east-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws-iso-b:secretsmanager:«us-iso-east-1»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:«ap-southeast-9»:123456789012:secret:x', [['arn-region', 'information']]],
  ['arn:aws-eusc:secretsmanager:«eusc-de-west-1»:123456789012:secret:x', [['arn-region', 'information']]],
  // An unknown partition: the region is checked against every partition.
  ['arn:«awz»:secretsmanager:us-gov-west-1:123456789012:secret:x', [['arn-partition', 'error']]],
  [
    'arn:«awz»:secretsmanager:«us-gov-wst-1»:123456789012:secret:x',
    [
      ['arn-partition', 'error'],
      ['arn-region', 'error'],
    ],
  ],
  // arn-account
  ['arn:aws:secretsmanager:us-east-1:«12345678901»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«1234567890123»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«1234-5678-9012»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«12345678901a»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«123456789o12»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«１２３４５６７８９０１２»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:« 123456789012»:secret:x', [['arn-account', 'error']]],
  // arn-resource-type
  ['arn:aws:secretsmanager:us-east-1:123456789012:«secrets»:x', [['arn-resource-type', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:«Secret»:x', [['arn-resource-type', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:«parameter»:x', [['arn-resource-type', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:«»:x', [['arn-resource-type', 'error']]],
  // arn-secret-name
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:«»', [['arn-secret-name', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:my« »name', [['arn-secret-name', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:my« »name-a1B2c3', [['arn-secret-name', 'error']]],
  [
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:«é»t«é»',
    [
      ['arn-secret-name', 'error'],
      ['arn-secret-name', 'error'],
    ],
  ],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:key«🔑»', [['arn-secret-name', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:a«#»b', [['arn-secret-name', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db«-pass12»-a1B2c3', [['arn-secret-name', 'warning']]],
  // arn-truncated: an empty mark at the end of the text
  ['arn«»', [['arn-truncated', 'error']]],
  ['arn:«»', [['arn-truncated', 'error']]],
  ['arn:aws«»', [['arn-truncated', 'error']]],
  ['arn:aws:«»', [['arn-truncated', 'error']]],
  ['arn:aws:secretsmanager«»', [['arn-truncated', 'error']]],
  ['arn:aws:secretsmanager:us-east-1«»', [['arn-truncated', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:«»', [['arn-truncated', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012«»', [['arn-truncated', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret«»', [['arn-truncated', 'error']]],
  [
    'arn:aws:secretsmanager:«us-westt-2»«»',
    [
      ['arn-region', 'error'],
      ['arn-truncated', 'error'],
    ],
  ],
  [
    'arn:aws:secretsmanager:us-east-1:«123»:«»',
    [
      ['arn-account', 'error'],
      ['arn-truncated', 'error'],
    ],
  ],
  [
    '«arm»:«»',
    [
      ['arn-prefix', 'error'],
      ['arn-truncated', 'error'],
    ],
  ],
  // arn-selector: ECS reads exactly three fields after the name, or none
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1B2c3«:password»', [['arn-selector', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1B2c3«:password:»', [['arn-selector', 'error']]],
  // The AWS Batch guide's version-id example, which the ECS agent rejects.
  [
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:appauthexample-AbCdEf«::9d4cb84b-ad69-40c0-a0ab-cead36b967e8»',
    [['arn-selector', 'error']],
  ],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db«:key:AWSCURRENT::extra»', [['arn-selector', 'error']]],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db«:»', [['arn-selector', 'error']]],
  [
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:«»«:x»',
    [
      ['arn-secret-name', 'error'],
      ['arn-selector', 'error'],
    ],
  ],
  // arn-selector-stage-and-id, arn-version-id
  [
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf:username1:«AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE»',
    [['arn-selector-stage-and-id', 'warning']],
  ],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf:::«v1»', [['arn-version-id', 'error']]],
  [`arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf:::«${'a'.repeat(31)}»`, [['arn-version-id', 'error']]],
  [`arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf:::«${'a'.repeat(65)}»`, [['arn-version-id', 'error']]],
  [
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf::«AWSCURRENT:«v1»»',
    [
      ['arn-selector-stage-and-id', 'warning'],
      ['arn-version-id', 'error'],
    ],
  ],
  // Beside a dynamic field, the literal ones are still checked.
  ['arn:aws:secretsmanager:«us-westt-2»:${AWS::AccountId}:secret:x', [['arn-region', 'error']]],
  ['arn:${AWS::Partition}:secretsmanager:«us-westt-2»:123456789012:secret:x', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:${AWS::Region}:«1234»:secret:x', [['arn-account', 'error']]],
  ['arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:my« »name', [['arn-secret-name', 'error']]],
  ['arn:aws:«ssm»:${AWS::Region}:${AWS::AccountId}:secret:x', [['arn-service', 'error']]],
  ['arn:aws:secretsmanager:${AWS::Region}«»', [['arn-truncated', 'error']]],
  // A pattern: no wildcard in the service (IAM), the resource type matches 'secret', the name is a name pattern.
  ['arn:aws:«secrets*»:*:*:secret:*', [['arn-service', 'error']]],
  ['arn:aws:secretsmanager:*:*:«parameter»:*', [['arn-resource-type', 'error']]],
  ['arn:aws:secretsmanager:*:*:secret:prod« »db/*', [['arn-secret-name', 'error']]],
  ['arn:aws:secretsmanager:«us-westt-2»:*:secret:prod/*', [['arn-region', 'error']]],
  ['arn:aws:secretsmanager:*:*:«»', [['arn-truncated', 'error']]],
  // Several at once, in text order.
  [
    '«ARN»:«awss»:«secretmanager»:«us-westt-2»:«12345»:«secrets»:my« »name«:k»',
    [
      ['arn-prefix', 'error'],
      ['arn-partition', 'error'],
      ['arn-service', 'error'],
      ['arn-region', 'error'],
      ['arn-account', 'error'],
      ['arn-resource-type', 'error'],
      ['arn-secret-name', 'error'],
      ['arn-selector', 'error'],
    ],
  ],
];

test('rejected ARNs: exact codes, severities and offsets', () => {
  for (const [marked, expected] of REJECTED) {
    const { text, spans } = unmark(marked);
    assert.equal(spans.length, expected.length, `test row ${marked}`);
    assert.deepEqual(
      issuesOf(text),
      expected.map(([code, severity], i) => [code, severity, spans[i].start, spans[i].end]),
      marked,
    );
  }
});

test('messages say what is wrong and what is expected', () => {
  const rows: [string, string[]][] = [
    ['ARN:aws:secretsmanager:us-east-1:123456789012:secret:x', ["An ARN starts with 'arn:'; found 'ARN'. Did you mean 'arn'?"]],
    ['', ["An ARN starts with 'arn:'; found nothing."]],
    ['arn:awss:secretsmanager:us-east-1:123456789012:secret:x', ["Partition 'awss' is not an AWS partition. Did you mean 'aws'?"]],
    [
      'arn:amazon:secretsmanager:us-east-1:123456789012:secret:x',
      ["Partition must be one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc; found 'amazon'."],
    ],
    [
      'arn:aws:secretmanager:us-east-1:123456789012:secret:x',
      ["Service must be 'secretsmanager' in a secret ARN; found 'secretmanager'. Did you mean 'secretsmanager'?"],
    ],
    ['arn:aws:ssm:us-east-1:123456789012:secret:x', ["Service must be 'secretsmanager' in a secret ARN; found 'ssm'."]],
    ['arn:aws:secretsmanager:us-westt-2:123456789012:secret:x', ["Region 'us-westt-2' is not an AWS region. Did you mean 'us-west-2'?"]],
    ['arn:aws:secretsmanager:cn-north-1:123456789012:secret:x', ["Region 'cn-north-1' belongs to partition 'aws-cn', not 'aws'."]],
    ['arn:aws:secretsmanager::123456789012:secret:x', ["Region is empty; expected one such as 'us-east-1'."]],
    ['arn:aws:secretsmanager:us-east-1:12345678901:secret:x', ["Account ID must be 12 digits; found 11 ('12345678901')."]],
    ['arn:aws:secretsmanager:us-east-1::secret:x', ['Account ID must be 12 digits; found none.']],
    [
      'arn:aws:secretsmanager:us-east-1:1234-5678-9012:secret:x',
      ["Account ID must be 12 digits; found '1234-5678-9012'. Did you mean '123456789012'?"],
    ],
    ['arn:aws:secretsmanager:us-east-1:12345678901a:secret:x', ["Account ID must be 12 digits; found '12345678901a'."]],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secrets:x',
      ["Resource type must be 'secret'; found 'secrets'. Did you mean 'secret'?"],
    ],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:',
      ['Secret name is empty; expected 1 to 512 ASCII letters, digits and / _ + = . @ - !.'],
    ],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:a b',
      ["Secret names can't contain space; allowed are ASCII letters, digits and / _ + = . @ - !."],
    ],
    [
      'arn:aws:secretsmanager:us-east-1',
      ["ARN stops after the region; the account ID is missing: expected ':<12-digit account ID>:secret:<secret name>'."],
    ],
    [
      'arn:aws:secretsmanager:us-east-1:',
      ["ARN stops after the region; the account ID is missing: expected '<12-digit account ID>:secret:<secret name>'."],
    ],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret',
      ["ARN stops after the resource type; the secret name is missing: expected ':<secret name>'."],
    ],
    [
      'arn',
      [
        "ARN stops after the prefix; the partition is missing: expected ':<partition>:secretsmanager:<region>:<12-digit account ID>:secret:<secret name>'.",
      ],
    ],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:db:password',
      [
        '\':password\' after the secret name has 1 field: ECS reads exactly three and otherwise fails with "an invalid ARN format". ' +
          "Specify ':json-key:version-stage:version-id', leaving unused fields empty, e.g. ':username::'.",
      ],
    ],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:db:key:AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE',
      ['A version stage and a version ID together: ECS documents one or the other, and reading fails unless the stage is on that version.'],
    ],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db:::v1', ["Version ID must be 32 to 64 characters; found 2 ('v1')."]],
  ];
  for (const [text, messages] of rows) {
    assert.deepEqual(
      parseSecretArn(text).issues.map((i) => i.message),
      messages,
      text,
    );
  }
});

test('suggestions for quick fixes replace exactly the issue range', () => {
  const rows: [string, string[]][] = [
    ['arn:aws:secretsmanager:us-westt-2:123456789012:secret:x', ['us-west-2']],
    ['arn:aws:secretsmanager:us-west:123456789012:secret:x', ['us-west-1', 'us-west-2']],
    ['arn:aws:secretmanager:us-east-1:123456789012:secret:x', ['secretsmanager']],
    ['arn:aws:secretsmanager:us-east-1:1234-5678-9012:secret:x', ['123456789012']],
    ['arn:awss:secretsmanager:us-east-1:123456789012:secret:x', ['aws']],
    ['arn:aws:secretsmanager:us-east-1:123456789012:Secret:x', ['secret']],
    ['ARN:aws:secretsmanager:us-east-1:123456789012:secret:x', ['arn']],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1B2c3:password', [':password::']],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1B2c3:password:', [':password::']],
  ];
  for (const [text, suggestions] of rows) {
    const [issue] = parseSecretArn(text).issues;
    assert.deepEqual(issue.suggestions, suggestions, text);
    const fixed = text.slice(0, issue.start) + suggestions[0] + text.slice(issue.end);
    assert.deepEqual(parseSecretArn(fixed).issues, [], fixed);
  }
  // `::<version-id>` is not padded: the id would become the stage.
  assert.equal(
    parseSecretArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1B2c3::9d4cb84b-ad69-40c0-a0ab-cead36b967e8').issues[0]
      .suggestions?.length ?? 0,
    0,
  );
});

test('parts of truncated and broken ARNs', () => {
  const parsed = parseSecretArn('arn:aws:secretsmanager:us-east-1');
  assert.equal(parsed.region, 'us-east-1');
  assert.equal(parsed.account, '');
  assert.equal(parsed.name, '');
  assert.equal(parsed.isFull, false);
  assert.deepEqual(parsed.spans.account, { start: 32, end: 32 });
  assert.deepEqual(parsed.spans.name, { start: 32, end: 32 });

  const extra = parseSecretArn(`${BASE}db-a1B2c3:password::`);
  assert.equal(extra.name, 'db');
  assert.equal(extra.suffix, 'a1B2c3');
  assert.deepEqual(extra.spans.suffix, { start: BASE.length + 3, end: BASE.length + 9 });
});

test('extremely long input is parsed quickly with bounded messages', () => {
  const long = 'a'.repeat(200_000);
  const rows: [string, [string, string, number, number][]][] = [
    [long, [['arn-prefix', 'error', 0, long.length]]],
    [BASE + long, [['arn-secret-name', 'error', BASE.length + 512, BASE.length + long.length]]],
    [
      BASE + 'é'.repeat(200_000),
      [
        ['arn-secret-name', 'error', BASE.length, BASE.length + 200_000],
        ['arn-secret-name', 'error', BASE.length + 512, BASE.length + 200_000],
      ],
    ],
    [`arn:aws:secretsmanager:${long}:${ACCOUNT}:secret:x`, [['arn-region', 'error', 23, 23 + long.length]]],
    [`arn:aws:secretsmanager:us-east-1:${'1'.repeat(200_000)}:secret:x`, [['arn-account', 'error', 33, 200_033]]],
    [`${BASE}x${':'.repeat(200_000)}`, [['arn-selector', 'error', BASE.length + 1, BASE.length + 200_001]]],
    [
      ':'.repeat(200_000),
      [
        ['arn-prefix', 'error', 0, 0],
        ['arn-partition', 'error', 1, 1],
        ['arn-service', 'error', 2, 2],
        ['arn-region', 'error', 3, 3],
        ['arn-account', 'error', 4, 4],
        ['arn-resource-type', 'error', 5, 5],
        ['arn-secret-name', 'error', 6, 6],
        ['arn-selector', 'error', 6, 200_000],
      ],
    ],
    [`${BASE}\${${'{'.repeat(200_000)}`, []],
    [`${BASE}${'{{'.repeat(100_000)}`, []],
  ];
  for (const [text, expected] of rows) {
    const started = Date.now();
    const { issues } = parseSecretArn(text);
    assert.ok(Date.now() - started < 1000, `slow on ${text.slice(0, 40)}`);
    assert.deepEqual(
      issues.map((i) => [i.code, i.severity, i.start, i.end]),
      expected,
      text.slice(0, 60),
    );
    for (const issue of issues) assert.ok(issue.message.length < 300, issue.message.slice(0, 300));
  }
});

test('isSecretsManagerArnCandidate', () => {
  const rows: [string, boolean][] = [
    [`${BASE}x`, true],
    [`${BASE}x-a1B2c3`, true],
    ['arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x', true],
    ['arn:aws:secretmanager:us-east-1:123456789012:secret:x', true],
    ['arn:aws:SecretsManager:us-east-1:123456789012:secret:x', true],
    ['arn:aws:secrets-manager:us-east-1:123456789012:secret:x', true],
    ['arn:aws:scretsmanager:us-east-1:123456789012:secret:x', true],
    ['ARN:aws:secretsmanager:us-east-1:123456789012:secret:x', true],
    ['arn:aws:secretsmanager', true],
    ['arn:aws:secretsmanager:us-east-1', true],
    ['arn:aws:sm:us-east-1:123456789012:secret:x', true],
    ['arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:x', true],
    ['arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/x', false],
    ['arn:aws:iam::123456789012:role/x', false],
    ['arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::secret-bucket/secret:x', false],
    ['arn:aws:ssm:us-east-1:123456789012:parameter/secret', false],
    ['arn:aws:kms:us-east-1:123456789012:key/1234abcd', false],
    ['arn:aws:sqs:us-east-1:123456789012:secret', false],
    ['arn:aws:lambda:us-east-1:123456789012:function:secret', false],
    ['arn:aws:securityhub:us-east-1:123456789012:hub/default', false],
    ['arn:aws:sso:::permissionSet/ssoins-1/ps-1', false],
    ['arn:aws:ses:us-east-1:123456789012:identity/example.com', false],
    ['arn:aws', false],
    ['arn:', false],
    ['', false],
    ['prod/postgres/password', false],
    ['secretsmanager:us-east-1', false],
    [' arn:aws:secretsmanager:us-east-1:123456789012:secret:x', false],
  ];
  for (const [text, expected] of rows) assert.equal(isSecretsManagerArnCandidate(text), expected, text);
});

test('property: never throws; every issue and span lies within the text', () => {
  const piece = fc.oneof(
    fc.constantFrom(
      'arn',
      'aws',
      'aws-cn',
      'secretsmanager',
      'us-east-1',
      'us-westt-2',
      ACCOUNT,
      'secret',
      ':',
      '-',
      '-a1B2c3',
      ' ',
      'é',
      '🔑',
      '',
      '${',
      '{{',
      '{%',
      '}',
      '*',
      '?',
      '!',
    ),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(piece, { maxLength: 20 }).map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(text, (t) => {
      const parsed = parseSecretArn(t);
      isSecretsManagerArnCandidate(t);
      for (const issue of parsed.issues) {
        assert.ok(issue.start >= 0 && issue.start <= issue.end && issue.end <= t.length, JSON.stringify(issue));
      }
      for (const span of [...Object.values(parsed.spans), parsed.selector?.span, ...Object.values(parsed.selector?.spans ?? {})]) {
        assert.ok(!span || (span.start >= 0 && span.start <= span.end && span.end <= t.length));
      }
    }),
    { numRuns: 2000 },
  );
});

test('property: well-formed ARNs have no errors and give back their parts', () => {
  const partitionAndRegion = fc.constantFrom(...PARTITIONS.flatMap((p) => p.regions.map((region) => [p.id, region] as const)));
  const name = fc.string({ unit: fc.constantFrom(...'abcXYZ019/_+=.@-'), minLength: 1, maxLength: 80 });
  const suffix = fc.option(fc.string({ unit: fc.constantFrom(...'aZ09bY'), minLength: 6, maxLength: 6 }), { nil: undefined });
  const account = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });
  fc.assert(
    fc.property(partitionAndRegion, account, name, suffix, ([partition, region], acct, secretName, randomPart) => {
      // Without a suffix, a name that ends like one is read as a full ARN: covered above.
      fc.pre(randomPart !== undefined || !/-[A-Za-z0-9]{6}$/.test(secretName));
      const text = `arn:${partition}:secretsmanager:${region}:${acct}:secret:${secretName}${randomPart ? `-${randomPart}` : ''}`;
      const parsed = parseSecretArn(text);
      assert.deepEqual(
        parsed.issues.filter((i) => i.severity === 'error'),
        [],
      );
      assert.deepEqual(
        [parsed.partition, parsed.region, parsed.account, parsed.name, parsed.suffix, parsed.isFull],
        [partition, region, acct, secretName, randomPart, randomPart !== undefined],
      );
    }),
    { numRuns: 2000 },
  );
});
