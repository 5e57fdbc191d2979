import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ALL_DIALECTS, analyze, claimingDialects, DocumentAnalysis, reanalyzeAfterEdit } from '../../server/src/dialects/analyze';

/** A Mage io_config.yaml with a bit of everything an edit can break: quotes, templates, comments, block scalars, flow collections. */
const IO_CONFIG = [
  'default:',
  '  # Postgres',
  `  POSTGRES_PASSWORD: "{{ aws_secret_var('prod/db/password') }}"`,
  `  MYSQL_PASSWORD: "{{ json_value(aws_secret_var('prod/mysql'), 'password') }}"`,
  `  API_TOKEN: '{{ aws_secret_var("prod/api/token", False) }}'`,
  `  REDSHIFT_PASSWORD: {{ aws_secret_var(secret_id='prod/redshift', cached=False) }}`,
  '  API_KEY_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-key-a1B2c3',
  `  # OLD: "{{ aws_secret_var('prod/old') }}"`,
  `  {# retired: aws_secret_var('prod/retired') #}`,
  `  KAFKA_SASL_PASSWORD: "{{ aws_secret_var(KAFKA_SECRET) }}"`,
  '  SNOWFLAKE_PASSWORD: hunter2',
  '  OPTIONS:',
  '    sslmode: require',
  '    list: [a, "b", {c: d}]',
  '  NOTES: |',
  '    a block',
  `    "{{ aws_secret_var('prod/in-block') }}"`,
  'dev:',
  `  S3_KEY: "{{ aws_secret_var('arn:aws:secretsmanager:us-westt-2:123456789012:secret:prod/s3') }}"`,
  `  MONGODB_CONNECTION_STRING: "{{ aws_secrets_var('prod/mongo') }}"`,
  '  URL: postgres://user:s3cretpw@db.example.com/x',
  'prod:',
  '  - item',
  `  - "{{ aws_secret_var('prod/list') }}"`,
  'other: value',
  '',
].join('\n');

/** A YAML file no dialect but bare ARNs reads. */
const VALUES = [
  'image: nginx',
  'secrets:',
  '  db: arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
  '  bad: arn:aws:secretsmanager:us-east-11:123456789012:secret:db',
  'password: hunter2',
  'nested:',
  '  deeper:',
  '    arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf"',
  '',
].join('\n');

/**
 * A CloudFormation template at the quota of 60 dynamic references (SSM's counted too), with what its references
 * depend on elsewhere: a secret it creates (by name, by `!Sub`, with generated keys), a custom resource, parameters,
 * sections where nothing is resolved.
 */
const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Parameters:',
  '  Stage:',
  '    Type: String',
  "    Default: '{{resolve:secretsmanager:prod/default}}'",
  'Conditions:',
  "  IsProd: !Equals [!Ref Stage, '{{resolve:secretsmanager:prod/condition}}']",
  'Resources:',
  '  AppSecret:',
  '    Type: AWS::SecretsManager::Secret',
  '    Properties:',
  '      Name: app/created',
  '      GenerateSecretString:',
  `        SecretStringTemplate: '{"username": "admin"}'`,
  '        GenerateStringKey: password',
  '  Db:',
  '    Type: AWS::RDS::DBInstance',
  '    Metadata:',
  "      Note: '{{resolve:secretsmanager:prod/in-metadata}}'",
  '    Properties:',
  "      MasterUsername: '{{resolve:secretsmanager:app/created::username}}'",
  "      MasterUserPassword: !Sub '{{resolve:secretsmanager:${AppSecret}::passwd}}'",
  "      DBName: '{{ resolve:secretsmanager:prod/spaced }}'",
  "      KmsKeyId: '{{resolve:ssm:/kms/key}}'",
  '  Hook:',
  '    Type: Custom::Hook',
  '    Properties:',
  "      Token: '{{resolve:secretsmanager:prod/hook}}'",
  ...Array.from({ length: 26 }, (_, n) => [
    `  Function${n}:`,
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    `      Role: arn:aws:iam::123456789012:role/service-${n}`,
    '      Environment:',
    '        Variables:',
    `          A: '{{resolve:secretsmanager:prod/service-${n}:SecretString:password}}'`,
    `          B: "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-${n}-a1B2c3:SecretString:password::}}"`,
  ]).flat(),
  'Outputs:',
  '  Leak:',
  "    Value: '{{resolve:secretsmanager:prod/output}}'",
  '',
].join('\n');

/** A template with a join, read whole again after an edit until an edit breaks the join. */
const JOINED = [
  'Resources:',
  '  Secret:',
  '    Type: AWS::SecretsManager::Secret',
  '  Db:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  "      MasterUserPassword: !Join ['', ['{{resolve:secretsmanager:', !Ref Secret, ':SecretString:password}}']]",
  "      MasterUsername: '{{resolve:secretsmanager:prod/db}}'",
  '',
].join('\n');

/** What edits insert: single characters that matter to YAML or Jinja, whole lines, and what claims a document for another dialect. */
const INSERTS = [
  '"',
  "'",
  ':',
  ': ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '{{',
  '}}',
  '{#',
  '#}',
  '{%',
  '%}',
  '\n',
  '  ',
  '-',
  '- ',
  '#',
  ' #',
  '|',
  '>',
  '!Ref ',
  '&a ',
  '*a',
  'x',
  'k',
  '\t',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '? ',
  'top: 1\n',
  'key: value\n',
  '  PASSWORD: s3cret\n',
  " aws_secret_var('a/b') ",
  "{{ aws_secret_var('new/name') }}",
  '{% set KAFKA_SECRET = 1 %}',
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf',
  'Resources:\n',
  'AWSTemplateFormatVersion: 2010-09-09\n',
  '{{resolve:secretsmanager:db}}',
  'apiVersion: external-secrets.io/v1beta1\n',
  'valueFrom: arn:aws:secretsmanager:us-east-1:1:secret:a\n',
  '{{resolve:ssm:/p}}',
  '{{resolve:',
  "'{{resolve:secretsmanager:app/created::password}}'",
  '  Extra:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/hook\n',
  '  Another:\n    Type: AWS::SNS::Topic\n',
  "      Token: '{{resolve:secretsmanager:prod/new}}'\n",
  'AWS::SecretsManager::Secret',
  'Custom::',
  'Name: prod/service-3\n',
  'Outputs:\n',
  'Metadata:\n',
  '!Sub ',
  '${AppSecret}',
  "!Join ['', ['{{resolve:secretsmanager:', !Ref AppSecret, '}}']]",
  '"Type": "AWS::S3::Bucket"',
];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'deleteLines'; at: number; lines: number };

const EDIT: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 3 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('deleteLines' as const), at: fc.nat(), lines: fc.integer({ min: 1, max: 3 }) }),
);

function applied(text: string, edit: Edit): string {
  const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
  if (edit.kind === 'insert') return text.slice(0, at) + edit.text + text.slice(at);
  if (edit.kind === 'delete') return text.slice(0, at) + text.slice(at + edit.length);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let end = lineStart;
  for (let line = 0; line < edit.lines && end < text.length; line++) {
    const newline = text.indexOf('\n', end);
    end = newline < 0 ? text.length : newline + 1;
  }
  return text.slice(0, lineStart) + text.slice(end);
}

/** The analysis with dialects by id, for comparing. */
const comparable = (analysis: DocumentAnalysis) => ({ ...analysis, dialects: analysis.dialects.map((dialect) => dialect.id) });

for (const [path, base] of [
  ['io_config.yaml', IO_CONFIG],
  ['values.yaml', VALUES],
  ['template.yaml', TEMPLATE],
  ['joined.template.yaml', JOINED],
]) {
  test(`after any series of edits of ${path}, reading only the edited block finds exactly what reading the whole document finds`, () => {
    let incremental = 0;
    let edits = 0;
    fc.assert(
      fc.property(fc.array(EDIT, { minLength: 1, maxLength: 12 }), (series) => {
        let before = { text: base, analysis: analyze(path, base) };
        for (const edit of series) {
          const text = applied(before.text, edit);
          const whole = analyze(path, text);
          const again = reanalyzeAfterEdit(path, before, text);
          edits++;
          if (again) {
            incremental++;
            assert.deepStrictEqual(comparable(again), comparable(whole), `after ${JSON.stringify(edit)} of:\n${before.text}`);
          }
          // Go on from the block-wise result, so that errors cannot pile up unseen.
          before = { text, analysis: again ?? whole };
        }
      }),
      { numRuns: 200 },
    );
    // Many edits keep the structure: the test must exercise the block-wise path, not only the fallback.
    assert.ok(incremental > edits / 10, `only ${incremental} of ${edits} edits were read block-wise`);
  });
}

test('a one-character edit inside a value of a large io_config reads one profile again', () => {
  const profile = (n: number) =>
    [`profile_${n}:`, `  PASSWORD: "{{ aws_secret_var('prod/db-${n}') }}"`, `  HOST: db-${n}.example.com`].join('\n');
  const text = Array.from({ length: 2000 }, (_, n) => profile(n)).join('\n') + '\n';
  const before = { text, analysis: analyze('io_config.yaml', text) };
  const at = text.indexOf('prod/db-1000') + 'prod/db-'.length;
  const edited = text.slice(0, at) + 'x' + text.slice(at);
  const again = reanalyzeAfterEdit('io_config.yaml', before, edited);
  assert.ok(again, 'read block-wise');
  assert.deepStrictEqual(comparable(again), comparable(analyze('io_config.yaml', edited)));
  assert.ok(again.references.some((reference) => reference.secretId === 'prod/db-x1000'));
});

/** A template of `count` resources, each with one dynamic reference; what an edit of one of them reads again. */
function templateOf(count: number): string {
  const resource = (n: number) =>
    [
      `  Function${n}:`,
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      `      Password: '{{resolve:secretsmanager:prod/service-${n}}}'`,
    ].join('\n');
  return ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', ...Array.from({ length: count }, (_, n) => resource(n)), ''].join('\n');
}

/** The edited template, analysed block-wise, and the lines it read again (from its block starts). */
function afterTemplateEdit(text: string, at: number, insert: string, remove = 0) {
  const before = { text, analysis: analyze('template.yaml', text) };
  const edited = text.slice(0, at) + insert + text.slice(at + remove);
  const again = reanalyzeAfterEdit('template.yaml', before, edited);
  return { edited, again, whole: analyze('template.yaml', edited) };
}

test('an edit inside a resource of a template reads that resource again, and the template past the quota keeps its numbers', () => {
  const text = templateOf(100);
  const { edited, again, whole } = afterTemplateEdit(text, text.indexOf('prod/service-70}') + 'prod/service-'.length, 'x');
  assert.ok(again, 'read block-wise');
  assert.deepStrictEqual(comparable(again), comparable(whole));
  // Each resource is a block of its own, and the edit read again the one it is in: its block starts are where they were.
  const resourceStarts = [...edited.matchAll(/^ {2}Function/gm)].map((match) => match.index);
  assert.deepStrictEqual(
    again.blockStarts!.filter((start) => edited[start] === ' '),
    resourceStarts,
  );
  const reference = again.references.find((found) => found.secretId === 'prod/service-x70');
  assert.ok(reference, 'the edited reference is read again');
  // What the other resources hold is taken from the analysis before: a mark put on it there stays on all of it.
  const before = analyze('template.yaml', text);
  const marked = { ...before, references: before.references.map((found) => ({ ...found, key: 'marked' })) };
  const readAgain = reanalyzeAfterEdit('template.yaml', { text, analysis: marked }, edited)!.references.filter(
    ({ key }) => key !== 'marked',
  );
  assert.deepStrictEqual(readAgain, [reference]);
  const numbered = again.problems.filter((problem) => problem.code === 'cfn-too-many-references');
  assert.equal(numbered.length, 40);
  assert.match(numbered.find((problem) => problem.span.start === reference.span.start)!.message, /number 71:/);
});

test("a template is read whole again when an edit changes what other resources read: a secret's name or type, or the count past the quota; or holds a join", () => {
  const secret = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Created:',
    '    Type: AWS::SecretsManager::Secret',
    '    Properties:',
    '      Name: prod/service-1',
    '  Other:',
    '    Type: AWS::SNS::Topic',
    '',
  ].join('\n');
  const text = secret + templateOf(70).split('Resources:\n')[1];
  const edits: [string, number, string, number?][] = [
    ['the name of a secret the template creates', text.indexOf('prod/service-1\n') + 'prod/service-'.length, '2'],
    ['the type of a secret', text.indexOf('::Secret\n'), 'x'],
    ['a new reference, past the quota', text.indexOf('  Other:'), "    Tags: '{{resolve:ssm:/p}}'\n"],
    [
      'the type of the resource a reference is in',
      text.indexOf('Type: AWS::Lambda'),
      'Type: Custom::Hook\n    x',
      'Type: AWS::Lambda::Function'.length,
    ],
  ];
  // A join is read from the whole text: an edit anywhere may change which joins are read.
  assert.equal(analyze('template.yaml', JOINED).blockStarts, undefined);
  for (const [what, at, insert, remove] of edits) {
    const { again, whole } = afterTemplateEdit(text, at, insert, remove);
    assert.equal(again, undefined, what);
    assert.ok(whole.references.length > 0, what);
  }
  // Within the quota, a reference more in one resource changes nothing in the others: read block-wise.
  const small = templateOf(10);
  const { again, whole } = afterTemplateEdit(small, small.indexOf('  Function5:'), "    Tags: '{{resolve:ssm:/p}}'\n");
  assert.ok(again, 'read block-wise within the quota');
  assert.deepStrictEqual(comparable(again), comparable(whole));
});

test('which dialects read an edited io_config or template is told without reading its YAML, which would take as long as opening it', () => {
  for (const [path, text, dialects] of [
    ['io_config.yaml', IO_CONFIG, ['mage', 'arn']],
    ['template.yaml', TEMPLATE, ['cloudformation', 'arn']],
  ] as const) {
    const document = {
      path,
      text,
      get yaml(): never {
        throw new Error(`the YAML of ${path} was read`);
      },
    };
    assert.deepEqual(
      claimingDialects(document, ALL_DIALECTS).map((dialect) => dialect.id),
      dialects,
    );
  }
});
