import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze as analyzeDocument } from '../../server/src/dialects/analyze';

/** The checks of a Mage io_config.yaml. */
const analyze = (text: string) => analyzeDocument('io_config.yaml', text);
import { Span } from '../../server/src/core/model';
import { applyEdits, unmark } from '../support/marks';

const FULL_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:API_KEY-a1B2c3';
const PARTIAL_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:API_KEY';

const spanText = (text: string, span: Span | undefined) => span && text.slice(span.start, span.end);

/**
 * Forms Mage renders without error: no problem at all, and one reference per «marked» secret id
 * (no mark: no reference).
 */
const VALID: [string, string][] = [
  ['double-quoted YAML, single-quoted id', `a: "{{ aws_secret_var('«prod/db»') }}"`],
  ['single-quoted YAML, double-quoted id', `a: '{{ aws_secret_var("«prod/db»") }}'`],
  ['no spaces', `a: "{{aws_secret_var('«x»')}}"`],
  ['extra spaces and tabs', `a: "{{   aws_secret_var( \t'«x»'  )   }}"`],
  ['whitespace control', `a: "{{- aws_secret_var('«x»') -}}"`],
  ['plus whitespace control', `a: "{{+ aws_secret_var('«x»') +}}"`],
  ['cached as a positional argument', `a: "{{ aws_secret_var('«x»', False) }}"`],
  ['cached as a keyword', `a: "{{ aws_secret_var('«x»', cached=False) }}"`],
  ['secret_id keyword', `a: "{{ aws_secret_var(secret_id='«x»') }}"`],
  ['both keywords', `a: "{{ aws_secret_var(secret_id='«x»', cached=False) }}"`],
  ['a trailing comma', `a: "{{ aws_secret_var('«x»',) }}"`],
  ['a filter after the call', `a: "{{ aws_secret_var('«x»') | default('none') }}"`],
  ['the call inside json_value', `a: "{{ json_value(aws_secret_var('«database_config»'), 'snowflake_password') }}"`],
  ['a call as a statement', `{% set token = aws_secret_var('«x»') %}\na: "{{ token }}"`],
  ['a full ARN', `a: "{{ aws_secret_var('«${FULL_ARN}»') }}"`],
  ['a partial ARN', `a: "{{ aws_secret_var('«${PARTIAL_ARN}»') }}"`],
  ['a GovCloud ARN', `a: "{{ aws_secret_var('«arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x»') }}"`],
  ['a secret that an AWS service manages', `a: "{{ aws_secret_var('«rds!cluster-3f2a8c1e-5b7d-4e2a-9c3f-1a2b3c4d5e6f»') }}"`],
  ['a plain bare ARN', `a: «${FULL_ARN}»`],
  ['a plain bare ARN before a comment', `a: «${PARTIAL_ARN}»  # the API key`],
  ['a double-quoted bare ARN', `a: "«${FULL_ARN}»"`],
  ['a single-quoted bare ARN', `a: '«${FULL_ARN}»'`],
  ['bare ARNs in a block list', `a:\n  - «${FULL_ARN}»\n  - "«${PARTIAL_ARN}»"`],
  ['bare ARNs in a flow list', `a: [«${FULL_ARN}», '«${PARTIAL_ARN}»']`],
  [
    'ARNs of other services',
    'a: arn:aws:iam::123456789012:role/x\nb: arn:aws:s3:::bucket\nc: [arn:aws:kms:us-east-1:123456789012:key/abc]',
  ],
  ['an ARN after other text is only a string', `KEY: KEY = ${FULL_ARN}`],
  [
    'other Mage functions',
    `a: "{{ env_var('X') }}"\nb: "{{ mage_secret_var('y') }}"\nc: "{{ azure_secret_var('z') }}"\nd: "{{ variables('v') }}"`,
  ],
  ['a Jinja comment', `a: "{# aws_secret_var() #}"\n{# aws_secrets_var(x, 1, 2) #}`],
  ['a Jinja comment inside a YAML comment', `a: "{{ aws_secret_var('«x»') }}"  # {# aws_secret_var('y') #}`],
  ['a block scalar', `a: |\n  {{ aws_secret_var('«x»') }}\nb: >-\n  text {{ aws_secret_var('«y»') }}`],
  ['several documents', `a: "{{ aws_secret_var('«x»') }}"\n---\nb: "{{ aws_secret_var('«y»') }}"\n...`],
  ['CRLF line endings', `a: "{{ aws_secret_var('«x»') }}"\r\nb:\r\n  - '«${FULL_ARN}»'\r\n`],
  ['a byte order mark', `\ufeffa: "{{ aws_secret_var('«x»') }}"`],
  ['an empty file', ''],
  [
    'the io_config.yaml of the notes',
    [
      'version: 0.1.1',
      'default:',
      `  AWS_ACCESS_KEY_ID: "{{ env_var('AWS_ACCESS_KEY_ID') }}"`,
      `  POSTGRES_PASSWORD: "{{ aws_secret_var('«prod/postgres/password»') }}"`,
      `  SNOWFLAKE_PASSWORD: "{{ json_value(aws_secret_var('«database_config»'), 'snowflake_password') }}"`,
      `  API_KEY: "{{ aws_secret_var('«${FULL_ARN}»') }}"`,
      'dev:',
      `  TOKEN: '{{aws_secret_var("«ACCESS_TOKEN»")}}'`,
    ].join('\n'),
  ],
];

for (const [form, marked] of VALID) {
  test(`valid: ${form}`, () => {
    const { text, spans } = unmark(marked);
    const { problems, references } = analyze(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      references.map((r) => [r.secretId, r.idSpan]),
      spans.map((span) => [spanText(text, span), span]),
    );
  });
}

type Expected = [code: string, severity: string];

/** Each «marked» range is the span of one problem, in order. */
const PROBLEMS: [string, string, Expected[]][] = [
  ['a dynamic id', `a: "{{ aws_secret_var(«env_var('X') ~ '/db'») }}"`, [['call-dynamic-id', 'information']]],
  ['an id read from a variable set in the file', `{% set x = 'a' %}{{ aws_secret_var(«x») }}`, [['call-dynamic-id', 'information']]],
  [
    'an id read from a variable set further down',
    `a: "{{ aws_secret_var(«x») }}"\n{% set x = 'a' %}`,
    [['call-dynamic-id', 'information']],
  ],
  [
    'an id from a for loop',
    `{% for x in ['a', 'b'] %}\na: "{{ aws_secret_var(«x») }}"\n{% endfor %}`,
    [['call-dynamic-id', 'information']],
  ],
  ['no argument', `a: "{{ «aws_secret_var()» }}"`, [['call-no-argument', 'error']]],
  ['only cached', `a: "{{ «aws_secret_var(cached=False)» }}"`, [['call-no-argument', 'error']]],
  ['a bare identifier', `a: "{{ aws_secret_var(«x») }}"`, [['call-bare-identifier', 'error']]],
  ['a bare identifier as secret_id', `a: "{{ aws_secret_var(secret_id=«x») }}"`, [['call-bare-identifier', 'error']]],
  ['three arguments', `a: "{{ aws_secret_var('x', False, «1») }}"`, [['call-too-many-arguments', 'error']]],
  ['four arguments', `a: "{{ aws_secret_var('x', False, «1, 2») }}"`, [['call-too-many-arguments', 'error']]],
  ['an unknown keyword', `a: "{{ aws_secret_var('x', «refresh=True») }}"`, [['call-unknown-argument', 'error']]],
  ['an unclosed parenthesis', `a: "{{ aws_secret_var«(»'x' }}"`, [['template-unbalanced-brackets', 'error']]],
  ['an extra parenthesis', `a: "{{ aws_secret_var('x')«)» }}"`, [['template-unbalanced-brackets', 'error']]],
  ['a mismatched bracket', `a: "{{ aws_secret_var('x'«]» }}"`, [['template-unbalanced-brackets', 'error']]],
  ['an unclosed template', `a: "«{{» aws_secret_var('x')"\nb: 1`, [['template-unclosed', 'error']]],
  ['a template closed by one brace', `a: "«{{» aws_secret_var('x') }"`, [['template-unclosed', 'error']]],
  ['an unclosed statement', `«{%» set x = 'a'\na: 1`, [['template-unclosed', 'error']]],
  ['an unclosed Jinja comment', `«{#» aws_secret_var('x')\na: 1`, [['template-unclosed', 'error']]],
  ['an unclosed quote', `a: "{{ aws_secret_var(«'x) }}"»\nb: 1`, [['template-unclosed-quote', 'error']]],
  ['an unclosed double quote', `a: '{{ aws_secret_var(«"x) }}'»`, [['template-unclosed-quote', 'error']]],
  ['an empty id', `a: "{{ aws_secret_var(«''») }}"`, [['call-empty-id', 'error']]],
  ['an empty double-quoted id', `a: '{{ aws_secret_var(«""») }}'`, [['call-empty-id', 'error']]],
  ['an empty secret_id', `a: "{{ aws_secret_var(secret_id=«''») }}"`, [['call-empty-id', 'error']]],
  ['aws_secrets_var', `a: "{{ «aws_secrets_var»('x') }}"`, [['call-unknown-function', 'error']]],
  ['secret_var', `a: "{{ «secret_var»('x') }}"`, [['call-unknown-function', 'error']]],
  ['AWS_SECRET_VAR', `a: "{{ «AWS_SECRET_VAR»('x') }}"`, [['call-unknown-function', 'error']]],
  ['an invalid secret name', `a: "{{ aws_secret_var('bad« »name') }}"`, [['secret-name', 'error']]],
  [
    'a misspelled region in a called ARN',
    `a: "{{ aws_secret_var('arn:aws:secretsmanager:«us-westt-2»:123456789012:secret:K') }}"`,
    [['arn-region', 'error']],
  ],
  ['a short account in a bare ARN', 'a: arn:aws:secretsmanager:us-east-1:«12345678901»:secret:API_KEY-a1B2c3', [['arn-account', 'error']]],
  ['a bad bare ARN in a list', '- "arn:aws:secretsmanager:«us-westt-2»:123456789012:secret:K"', [['arn-region', 'error']]],
  [
    'a bare ARN with one field after the name',
    'ValueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf«:password»',
    [['arn-selector', 'error']],
  ],
  [
    'a bare ARN selecting a version stage and a version ID',
    'ValueFrom: arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:key:«AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE»',
    [['arn-selector-stage-and-id', 'warning']],
  ],
  ['an unquoted template', `a: «{{ aws_secret_var('x') }}»`, [['yaml-unquoted-template', 'warning']]],
  ['an unquoted template in a list', `a:\n  - «{{ aws_secret_var('x') }}»`, [['yaml-unquoted-template', 'warning']]],
  ['an unquoted value of two templates', `a: «{{ aws_secret_var('x') }}»{{ env_var('Y') }}`, [['yaml-unquoted-template', 'warning']]],
  ['an unquoted template of another function', `key1: «{{ variables('key1') }}»`, [['yaml-unquoted-template', 'warning']]],
  ['a reference in a comment line', `# a: "«{{ aws_secret_var('x') }}»"\nb: 1`, [['reference-in-comment', 'warning']]],
  ['a reference in a trailing comment', `a: b  # «{{ aws_secret_var('x') }}»`, [['reference-in-comment', 'warning']]],
  [
    'an unclosed reference in a comment',
    `# ««{{» aws_secret_var('x')»\nb: 1`,
    [
      ['reference-in-comment', 'warning'],
      ['template-unclosed', 'error'],
    ],
  ],
  ['an unquoted template in a comment', `# a: «{{ aws_secret_var('x') }}»`, [['reference-in-comment', 'warning']]],
  [
    'several problems in order',
    `default:\n  A: «{{ aws_secret_var(«x») }}»\ndev:\n  B: "{{ «aws_secrets_var»('y') }}"\n  C: "{{ aws_secret_var(«''») }}"`,
    [
      ['yaml-unquoted-template', 'warning'],
      ['call-bare-identifier', 'error'],
      ['call-unknown-function', 'error'],
      ['call-empty-id', 'error'],
    ],
  ],
];

for (const [form, marked, expected] of PROBLEMS) {
  test(`problem: ${form}`, () => {
    const { text, spans } = unmark(marked);
    assert.equal(spans.length, expected.length, 'one mark per expected problem');
    const { problems } = analyze(text);
    assert.deepEqual(
      problems.map((p) => p.span.start),
      problems.map((p) => p.span.start).sort((a, b) => a - b),
      'problems in text order',
    );
    const bySpan = (a: [string, string, Span], b: [string, string, Span]) => a[2].start - b[2].start || a[2].end - b[2].end;
    assert.deepEqual(
      problems.map((p): [string, string, Span] => [p.code, p.severity, p.span]).sort(bySpan),
      expected.map(([code, severity], i): [string, string, Span] => [code, severity, spans[i]]).sort(bySpan),
    );
  });
}

/**
 * Bare ARNs as CloudFormation, IAM policies, ECS and App Runner write them: no problem at all; the
 * «marked» reference, its secret id (none for a pattern or an ARN filled in later), the JSON key
 * an ECS selector reads, and the kind of reference (the ECS dialect reads `valueFrom` values).
 */
const BARE_ARNS: [marked: string, secretId: string | undefined, jsonKey?: string, kind?: string][] = [
  ['Resource: !Sub «arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:MySecret-*»', undefined],
  [`Resource: !Sub '«arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:\${SecretName}»'`, undefined],
  ['SecretArn: !Sub «arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:prod/db-AbCdEf»', undefined],
  [
    'Resource:\n  - «arn:aws:secretsmanager:*:*:secret:events!connection/*»\n  - «arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/*»',
    undefined,
  ],
  ['Resource: «arn:aws:secretsmanager:us-east-1:123456789012:secret:MySecret-??????»', undefined],
  [
    "ValueFrom: '«arn:aws:secretsmanager:us-east-1:139013895924:secret:ZeroSecretCF-OzkEVp:ZC_DB__PASSWORD::»'",
    'arn:aws:secretsmanager:us-east-1:139013895924:secret:ZeroSecretCF-OzkEVp',
    'ZC_DB__PASSWORD',
    'valueFrom',
  ],
  // Quoted: a plain YAML scalar cannot end in ':'.
  [
    "valueFrom: '«arn:aws:secretsmanager:us-east-1:123456789012:secret:appauthexample-AbCdEf::AWSPREVIOUS:»'",
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:appauthexample-AbCdEf',
    undefined,
    'valueFrom',
  ],
  [
    'valueFrom: «arn:aws:secretsmanager:us-east-1:123456789012:secret:appauthexample-AbCdEf:::9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE»',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:appauthexample-AbCdEf',
    undefined,
    'valueFrom',
  ],
  [
    'value-from: "«arn:aws:secretsmanager:us-east-1:123456789012:secret:testingstackAppRunnerConstr-kJFXde2ULKbT-S7t8xR:username::»"',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:testingstackAppRunnerConstr-kJFXde2ULKbT-S7t8xR',
    'username',
    'valueFrom',
  ],
  [
    'MasterUserSecret: «arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-3f2a8c1e-5b7d-4e2a-9c3f-1a2b3c4d5e6f-AbC123»',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-3f2a8c1e-5b7d-4e2a-9c3f-1a2b3c4d5e6f-AbC123',
  ],
];

for (const [marked, secretId, jsonKey, kind = 'bareArn'] of BARE_ARNS) {
  test(`bare ARN: ${marked.split('\n')[0]}`, () => {
    const { text, spans } = unmark(marked);
    const { problems, references } = analyze(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      references.map((r) => [r.kind, r.span, r.secretId, r.idSpan, r.jsonPath && [r.jsonPath.path, spanText(text, r.jsonPath.span)]]),
      spans.map((span) => [
        kind,
        span,
        secretId,
        secretId && { start: span.start, end: span.start + secretId.length },
        jsonKey && [jsonKey, jsonKey],
      ]),
    );
  });
}

/** The first line of a CloudFormation template. */
const CFN = "AWSTemplateFormatVersion: '2010-09-09'\n";

/** The first fix of the one problem with `code`: the text it gives, which has no problem left. */
const FIXES: [string, string, string, string][] = [
  ['aws_secrets_var', `a: "{{ aws_secrets_var('x') }}"`, 'call-unknown-function', `a: "{{ aws_secret_var('x') }}"`],
  ['secret_var', `a: "{{ secret_var('x') }}"`, 'call-unknown-function', `a: "{{ aws_secret_var('x') }}"`],
  ['AWS_SECRET_VAR', `a: "{{ AWS_SECRET_VAR('x') }}"`, 'call-unknown-function', `a: "{{ aws_secret_var('x') }}"`],
  ['bare identifier in double quotes', `a: "{{ aws_secret_var(x) }}"`, 'call-bare-identifier', `a: "{{ aws_secret_var('x') }}"`],
  ['bare identifier in single quotes', `a: '{{ aws_secret_var(x) }}'`, 'call-bare-identifier', `a: '{{ aws_secret_var("x") }}'`],
  ['unquoted, single quotes inside', `a: {{ aws_secret_var('x') }}`, 'yaml-unquoted-template', `a: "{{ aws_secret_var('x') }}"`],
  ['unquoted, double quotes inside', `a: {{ aws_secret_var("x") }}`, 'yaml-unquoted-template', `a: '{{ aws_secret_var("x") }}'`],
  [
    'unquoted, both quotes inside',
    `a: {{ aws_secret_var('x') | default("none") }}`,
    'yaml-unquoted-template',
    `a: "{{ aws_secret_var('x') | default('none') }}"`,
  ],
  [
    'unquoted, a trailing comment',
    `a: {{ aws_secret_var('x') }}  # the key`,
    'yaml-unquoted-template',
    `a: "{{ aws_secret_var('x') }}"  # the key`,
  ],
  ['unquoted, CRLF', `a: {{ aws_secret_var('x') }}\r\nb: 1\r\n`, 'yaml-unquoted-template', `a: "{{ aws_secret_var('x') }}"\r\nb: 1\r\n`],
  [
    'unquoted, two templates',
    `a: {{ env_var('S') }}/{{ env_var("T") }}`,
    'yaml-unquoted-template',
    `a: "{{ env_var('S') }}/{{ env_var('T') }}"`,
  ],
  ['a reference in a comment', `# a: "{{ aws_secret_var('x') }}"`, 'reference-in-comment', `# a: "{# aws_secret_var('x') #}"`],
  ['a misspelled region', `a: ${FULL_ARN.replace('us-west-2', 'us-westt-2')}`, 'arn-region', `a: ${FULL_ARN}`],
  [
    'a JSON key without SecretString',
    `${CFN}P: '{{resolve:secretsmanager:db:password}}'`,
    'cfn-secret-string',
    `${CFN}P: '{{resolve:secretsmanager:db:SecretString:password}}'`,
  ],
  ['spaces in a dynamic reference', `${CFN}P: '{{ resolve:secretsmanager:db }}'`, 'cfn-spaces', `${CFN}P: '{{resolve:secretsmanager:db}}'`],
  ['a misspelled service', `${CFN}P: '{{resolve:secretmanager:db}}'`, 'cfn-service', `${CFN}P: '{{resolve:secretsmanager:db}}'`],
  ['an unclosed dynamic reference', `${CFN}P: '{{resolve:secretsmanager:db}'`, 'cfn-unclosed', `${CFN}P: '{{resolve:secretsmanager:db}}'`],
];

for (const [form, text, code, fixed] of FIXES) {
  test(`fix: ${form}`, () => {
    const [problem, ...others] = analyze(text).problems.filter((p) => p.code === code);
    assert.equal(others.length, 0);
    const edits = problem.fixes?.[0]?.edits;
    assert.ok(edits, `a fix for ${code} that edits the text`);
    const result = applyEdits(text, edits);
    assert.equal(result, fixed);
    assert.deepEqual(analyze(result).problems, []);
  });
}

test('misspelled functions name the function they likely meant', () => {
  for (const name of ['aws_secrets_var', 'secret_var', 'AWS_SECRET_VAR']) {
    const [problem] = analyze(`a: "{{ ${name}('x') }}"`).problems;
    assert.match(problem.message, new RegExp(`^'${name}' is not a function Mage knows\\. Did you mean 'aws_secret_var'\\? Rendering`));
    assert.deepEqual(
      problem.fixes?.map((f) => f.title),
      ["Change to 'aws_secret_var'"],
    );
  }
});

test('unquoted templates whose quotes cannot be made one kind get the warning without a fix', () => {
  const [problem] = analyze(`a: {{ aws_secret_var('x') | default('say "hi"') }}`).problems;
  assert.equal(problem.code, 'yaml-unquoted-template');
  assert.equal(problem.fixes, undefined);
});

test('an unclosed reference in a comment has no Jinja-comment fix', () => {
  const problem = analyze(`# {{ aws_secret_var('x')\n`).problems.find((p) => p.code === 'reference-in-comment');
  assert.equal(problem?.fixes, undefined);
});

test('references carry their profile, key, comment state and json_value path', () => {
  const text = [
    'version: 0.1.1',
    'default:',
    `  SNOWFLAKE: "{{ json_value(aws_secret_var('db'), 'a.hosts[0]') }}"`,
    `  # OLD: "{{ aws_secret_var('old') }}"`,
    'dev:',
    '  HOSTS:',
    `    - "{{ aws_secret_var('h1') }}"`,
    `    - ${FULL_ARN}`,
    '  NESTED:',
    '    inner:',
    `      deep: "{{ aws_secret_var('n') }}"`,
    `  FLOW: {k: "{{ aws_secret_var('f') }}"}`,
    '  BLOCK: |',
    `    {{ aws_secret_var('b') }}`,
    '---',
    'prod:',
    `  TOKEN: "{{ aws_secret_var('t') }}"`,
  ].join('\n');
  const references = analyze(text).references.map((r) => ({
    kind: r.kind,
    secretId: r.secretId,
    profile: r.profile,
    key: r.key,
    inComment: r.inComment,
    jsonPath: r.jsonPath && [r.jsonPath.path, spanText(text, r.jsonPath.span)],
    span: spanText(text, r.span),
  }));
  const call = (secretId: string, profile: string | undefined, key: string | undefined, inComment = false) => ({
    kind: 'call',
    secretId,
    profile,
    key,
    inComment,
    jsonPath: undefined,
    span: `aws_secret_var('${secretId}')`,
  });
  assert.deepEqual(references, [
    { ...call('db', 'default', 'SNOWFLAKE'), jsonPath: ['a.hosts[0]', 'a.hosts[0]'] },
    call('old', undefined, undefined, true),
    call('h1', 'dev', 'HOSTS'),
    { kind: 'bareArn', secretId: FULL_ARN, profile: 'dev', key: 'HOSTS', inComment: false, jsonPath: undefined, span: FULL_ARN },
    call('n', 'dev', 'deep'),
    // Inside a flow collection, the key is the one holding the collection.
    call('f', 'dev', 'FLOW'),
    call('b', 'dev', 'BLOCK'),
    call('t', 'prod', 'TOKEN'),
  ]);
});

test('profiles survive CRLF line endings and a byte order mark', () => {
  for (const text of [
    `default:\r\n  A: "{{ aws_secret_var('a') }}"\r\ndev:\r\n  B: "{{ aws_secret_var('b') }}"\r\n`,
    `\ufeffdefault:\n  A: "{{ aws_secret_var('a') }}"\ndev:\n  B: "{{ aws_secret_var('b') }}"\n`,
  ]) {
    assert.deepEqual(
      analyze(text).references.map((r) => [r.profile, r.key, r.secretId]),
      [
        ['default', 'A', 'a'],
        ['dev', 'B', 'b'],
      ],
    );
  }
});

const PIECES = [
  '{{',
  '}}',
  '{%',
  '%}',
  '{#',
  '#}',
  '{{-',
  '-}}',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  "'",
  '"',
  '#',
  ':',
  ': ',
  '- ',
  ',',
  '|',
  '~',
  '=',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '\\',
  '\ufeff',
  '---',
  '...',
  '? ',
  '>-',
  '&a ',
  '*a',
  '!!str ',
  'aws_secret_var',
  'json_value',
  'env_var',
  'secret_id=',
  'cached=',
  'False',
  'x',
  'prod/db',
  'arn:aws:secretsmanager:',
  'us-east-1:',
  '123456789012:',
  'secret:',
  'arn:aws:iam::',
  '\u0000',
  '\ud800',
  '😀',
];
const TEXTS = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((pieces) => pieces.join('')),
);

test('analyze never throws, and every span and fix edit lies inside the text', () => {
  const inside = (span: Span, length: number) => span.start >= 0 && span.start <= span.end && span.end <= length;
  fc.assert(
    fc.property(TEXTS, (text) => {
      const { problems, references } = analyze(text);
      for (const problem of problems) {
        assert.ok(inside(problem.span, text.length), `problem ${problem.code}`);
        for (const edit of problem.fixes?.flatMap((fix) => fix.edits ?? []) ?? [])
          assert.ok(inside(edit.span, text.length), `fix of ${problem.code}`);
      }
      for (const reference of references) {
        for (const span of [reference.span, reference.idSpan, reference.jsonPath?.span]) {
          if (span) assert.ok(inside(span, text.length), 'reference');
        }
      }
    }),
    { numRuns: 3000 },
  );
});
