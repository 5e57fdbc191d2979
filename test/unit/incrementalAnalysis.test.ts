import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, DocumentAnalysis, reanalyzeAfterEdit } from '../../server/src/dialects/analyze';

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
      { numRuns: 400 },
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

test('an edit of a document a dialect reads as a whole (a CloudFormation template) is read whole again', () => {
  const template = [
    'AWSTemplateFormatVersion: 2010-09-09',
    'Resources:',
    '  Db:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties:',
    "      MasterUserPassword: '{{resolve:secretsmanager:db}}'",
    '',
  ].join('\n');
  const before = { text: template, analysis: analyze('template.yaml', template) };
  assert.equal(before.analysis.blockStarts, undefined);
  assert.equal(reanalyzeAfterEdit('template.yaml', before, template.replace(':db}}', ':dbx}}')), undefined);
});
