import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enclosingQuote } from '../../server/src/core/quotes';
import { cloudFormation } from '../../server/src/dialects/cloudformation';
import { ecs } from '../../server/src/dialects/ecs';
import { externalSecrets } from '../../server/src/dialects/externalSecrets';
import { githubActions } from '../../server/src/dialects/githubActions';
import { keyReferenceText, referenceText } from '../../server/src/dialects/mage';
import { secretsStoreCsi } from '../../server/src/dialects/secretsStoreCsi';

test('referenceText: a whole quoted value, or only the template with the other quote inside a quoted scalar', () => {
  assert.equal(referenceText('prod/db', undefined), `"{{ aws_secret_var('prod/db') }}"`);
  assert.equal(referenceText('prod/db', '"'), `{{ aws_secret_var('prod/db') }}`);
  assert.equal(referenceText('prod/db', "'"), `{{ aws_secret_var("prod/db") }}`);
});

test('keyReferenceText: json_value of the key, quoted the same way; none for a key json_value would split into a path', () => {
  assert.equal(keyReferenceText('app', 'DB_PASSWORD', undefined), `"{{ json_value(aws_secret_var('app'), 'DB_PASSWORD') }}"`);
  assert.equal(keyReferenceText('app', 'db-password', '"'), `{{ json_value(aws_secret_var('app'), 'db-password') }}`);
  assert.equal(keyReferenceText('app', 'db_password', "'"), `{{ json_value(aws_secret_var("app"), "db_password") }}`);
  for (const key of ['db.password', 'hosts[0]', "it's", 'a b', '']) assert.equal(keyReferenceText('app', key, undefined), undefined, key);
});

/** A line with `|` at the column asked about, and the quote expected there. */
const QUOTE_ROWS: [string, '"' | "'" | undefined][] = [
  ['KEY: |', undefined],
  ['KEY: "|', '"'],
  ["KEY: '|", "'"],
  ['KEY: "abc|', '"'],
  ['KEY: "abc"|', undefined],
  ['KEY: "abc" |', undefined],
  ['KEY: "a\\"b|', '"'],
  ['KEY: "a\\\\"|', undefined],
  ["KEY: 'it''s |", "'"],
  ["KEY: 'it''|", "'"],
  ["KEY: 'ab'|", undefined],
  ['KEY: "it\'s |', '"'],
  ["KEY: it's |", undefined],
  ['KEY: a"b |', undefined],
  ['KEY: a-"b |', undefined],
  ['KEY: -"b |', undefined],
  ['- "|', '"'],
  ["- - '|", "'"],
  ['[ "a", "|', '"'],
  ['{ "a": "|', '"'],
  ['{"a":"|', '"'],
  ['"KEY": "|', '"'],
  ["'KEY': '|", "'"],
  ['"|', '"'],
  ['KEY: "a#b|', '"'],
  ['# KEY: "|', undefined],
  ['KEY: x # "|', undefined],
  ['KEY: x\t# - "|', undefined],
  ['KEY: "a" # \'b|', undefined],
  ['KEY: x#"|', undefined],
];

test('enclosingQuote: the quote of the scalar the column is in', () => {
  for (const [marked, expected] of QUOTE_ROWS) {
    const column = marked.indexOf('|');
    const line = marked.replace('|', '');
    assert.equal(enclosingQuote(line, column), expected, marked);
  }
});

test('referenceText with enclosingQuote: inserted at the column, the line is the value with the reference', () => {
  const insert = (marked: string) => {
    const column = marked.indexOf('|');
    const line = marked.replace('|', '');
    return line.slice(0, column) + referenceText('x', enclosingQuote(line, column)) + line.slice(column);
  };
  assert.equal(insert('KEY: |'), `KEY: "{{ aws_secret_var('x') }}"`);
  assert.equal(insert('KEY: "|"'), `KEY: "{{ aws_secret_var('x') }}"`);
  assert.equal(insert("KEY: '|'"), `KEY: '{{ aws_secret_var("x") }}'`);
  assert.equal(insert('KEY: "jdbc://u:|@h"'), `KEY: "jdbc://u:{{ aws_secret_var('x') }}@h"`);
  assert.equal(insert("KEY: 'a''|'"), `KEY: 'a''{{ aws_secret_var("x") }}'`);
});

test('CloudFormation: a quoted dynamic reference, and what completion completes inside one', () => {
  assert.equal(cloudFormation.referenceText!('prod/db', undefined), `'{{resolve:secretsmanager:prod/db}}'`);
  assert.equal(cloudFormation.referenceText!('prod/db', '"'), '{{resolve:secretsmanager:prod/db}}');
  const at = (marked: string) => cloudFormation.cursorContext!(marked.replace('|', ''), marked.indexOf('|'));
  assert.deepEqual(at("P: '{{resolve:secretsmanager:pro|'"), {
    kind: 'secretId',
    typed: 'pro',
    replace: { start: 29, end: 32 },
    closing: '}}',
  });
  assert.deepEqual(at("P: '{{resolve:secretsmanager:pro|d:SecretString:x}}'"), {
    kind: 'secretId',
    typed: 'pro',
    replace: { start: 29, end: 33 },
    closing: '',
  });
  assert.deepEqual(at("P: '{{resolve:secretsmanager:prod/db:SecretString:pa|}}'"), {
    kind: 'jsonKey',
    secretId: 'prod/db',
    typed: 'pa',
    replace: { start: 50, end: 52 },
    closing: '',
  });
  assert.deepEqual(at("P: '{{resolve:secretsmanager:prod/db::|'"), {
    kind: 'jsonKey',
    secretId: 'prod/db',
    typed: '',
    replace: { start: 38, end: 38 },
    closing: '}}',
  });
  assert.equal(at("P: '{{resolve:secretsmanager:prod/db}} |'"), undefined);
});

test('ECS: an ARN typed as a valueFrom value', () => {
  const text = 'ValueFrom: arn:aws:secretsmanager:';
  assert.deepEqual(ecs.cursorContext!(text, text.length), {
    kind: 'arn',
    typed: 'arn:aws:secretsmanager:',
    replace: { start: 11, end: text.length },
  });
  assert.equal(ecs.cursorContext!('Value: arn:', 11), undefined);
});

test('keyReferenceText: CloudFormation names the key after SecretString; ECS needs the full ARN and writes the :key:: selector', () => {
  assert.equal(
    cloudFormation.keyReferenceText!('prod/db', 'password', undefined),
    `'{{resolve:secretsmanager:prod/db:SecretString:password}}'`,
  );
  assert.equal(cloudFormation.keyReferenceText!('prod/db', 'password', '"'), '{{resolve:secretsmanager:prod/db:SecretString:password}}');
  for (const key of ['a:b', 'a}}', 'a b', '']) assert.equal(cloudFormation.keyReferenceText!('prod/db', key, undefined), undefined, key);
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
  assert.equal(ecs.keyReferenceText!(arn, 'password', undefined), `${arn}:password::`);
  assert.equal(ecs.keyReferenceText!('prod/db', 'password', undefined), undefined);
  assert.equal(ecs.keyReferenceText!(arn.slice(0, -7), 'password', undefined), undefined);
  assert.equal(ecs.keyReferenceText!(arn, 'a:b', undefined), undefined);
});

test('External Secrets, CSI and GitHub Actions: a YAML value, quoted only when needed (a secret-ids line as it is); no form for a JSON key', () => {
  for (const dialect of [externalSecrets, secretsStoreCsi]) {
    assert.equal(dialect.referenceText!('prod/db', undefined), 'prod/db', dialect.id);
    assert.equal(dialect.referenceText!('prod db', undefined), '"prod db"', dialect.id);
    assert.equal(dialect.referenceText!('prod db', "'"), 'prod db', dialect.id);
  }
  assert.equal(githubActions.referenceText!('prod db', undefined), 'prod db');
  for (const dialect of [externalSecrets, secretsStoreCsi, githubActions]) assert.equal(dialect.keyReferenceText, undefined, dialect.id);
});
