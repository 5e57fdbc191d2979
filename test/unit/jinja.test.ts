import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Call, findTemplates } from '../../server/src/dialects/mage/jinja';
import { unmark } from '../support/marks';

/** Each «marked» range is one template's span, in order, with its kind and whether it is closed. */
const TEMPLATES: [string, string, [kind: string, closed: boolean][]][] = [
  ['one expression', `a: "«{{ x }}»"`, [['expression', true]]],
  [
    'all three kinds',
    `«{% set x = 1 %}»\n«{# note #}»\na: "«{{- x -}}»"`,
    [
      ['statement', true],
      ['comment', true],
      ['expression', true],
    ],
  ],
  ['single braces are YAML', 'a: {b: {c: 1}}', []],
  ['a closer inside a string', `a: "«{{ 'x}}y' }}»"`, [['expression', true]]],
  ['a template over several lines', `a: "«{{ aws_secret_var(\n  'x') }}»"`, [['expression', true]]],
  ['unclosed: only its first line', `«{{ x»\nb: 1`, [['expression', false]]],
  [
    'unclosed before the next template',
    `«{{ x »«{{ y }}»`,
    [
      ['expression', false],
      ['expression', true],
    ],
  ],
  ['unclosed comment', `«{# note»\nb: 1`, [['comment', false]]],
  ['a brace at the very end', 'a: {', []],
];

for (const [form, marked, expected] of TEMPLATES) {
  test(`templates: ${form}`, () => {
    const { text, spans } = unmark(marked);
    assert.deepEqual(
      findTemplates(text).map((t) => [t.kind, t.closed, t.span]),
      expected.map(([kind, closed], i) => [kind, closed, spans[i]]),
    );
  });
}

const describe = (call: Call) => [call.name, call.isFilter, call.isMethod, call.args.length];

test('calls: nested calls come before the call holding them; filters and methods are told apart', () => {
  const [template] = findTemplates(`{{ json_value(aws_secret_var('x', cached=False), 'a.b') | default(d.get('k')) }}`);
  assert.deepEqual(template.calls.map(describe), [
    ['aws_secret_var', false, false, 2],
    ['json_value', false, false, 2],
    ['get', false, true, 1],
    ['default', true, false, 1],
  ]);
  assert.deepEqual(
    template.strings.map((s) => s.value),
    ['x', 'a.b', 'k'],
  );
});

test('calls: arguments keep their tokens; a trailing comma adds no argument', () => {
  const text = `{{ aws_secret_var(secret_id="x", ) }}`;
  const [call] = findTemplates(text)[0].calls;
  assert.deepEqual(
    call.args.map((arg) => arg.map((part) => (part.type === 'call' ? part.name : part.value))),
    [['secret_id', '=', 'x']],
  );
  assert.equal(text.slice(call.span.start, call.span.end), `aws_secret_var(secret_id="x", )`);
});

test('calls: an unclosed template keeps the calls of its first line', () => {
  const [template] = findTemplates(`{{ aws_secret_var('x')\nenv_var('y')`);
  assert.deepEqual(template.calls.map(describe), [['aws_secret_var', false, false, 1]]);
  assert.deepEqual(
    template.problems.map((p) => p.code),
    ['template-unclosed'],
  );
});
