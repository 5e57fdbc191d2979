import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readYamlContext, YamlContext } from '../../server/src/core/yamlContext';

function contextOf(text: string): YamlContext {
  const steps = readYamlContext(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function valuesOf(text: string) {
  return contextOf(text).values.map((v) => [text.slice(v.span.start, v.span.end), v.style, v.profile, v.key, v.inFlow]);
}

test('values: styles, keys and profiles; keys themselves are not values; flow collections hold their own', () => {
  const text = [
    'version: 0.1.1',
    'default:',
    '  A: plain value',
    `  B: 'single'`,
    '  C: "double"',
    '  D: {{ x }}',
    '  E:',
    '    - item',
    '    - [a, b]',
    '  F: |',
    '    block',
    'dev:',
    '  G: 1',
  ].join('\n');
  assert.deepEqual(valuesOf(text), [
    ['0.1.1', 'plain', 'version', 'version', false],
    ['plain value', 'plain', 'default', 'A', false],
    [`'single'`, 'single', 'default', 'B', false],
    ['"double"', 'double', 'default', 'C', false],
    ['{', 'flow', 'default', 'D', false],
    ['x', 'plain', 'default', 'D', true],
    ['item', 'plain', 'default', 'E', false],
    ['[', 'flow', 'default', 'E', false],
    ['a', 'plain', 'default', 'E', true],
    ['b', 'plain', 'default', 'E', true],
    ['|\n    block\n', 'block', 'default', 'F', false],
    ['1', 'plain', 'dev', 'G', false],
  ]);
});

test('values: a byte order mark and CRLF leave the first key a profile', () => {
  assert.deepEqual(valuesOf('\ufeffdefault:\r\n  A: x\r\ndev:\r\n  B: y\r\n'), [
    ['x', 'plain', 'default', 'A', false],
    ['y', 'plain', 'dev', 'B', false],
  ]);
});

test('values: a new document starts without keys', () => {
  assert.deepEqual(valuesOf('a:\n  b: 1\n---\n- 2\n'), [
    ['1', 'plain', 'a', 'b', false],
    ['2', 'plain', undefined, undefined, false],
  ]);
});

test('comments: every # comment, and no # inside a scalar', () => {
  const text = `# top\na: "x # not" # trailing\nb: c#d\n`;
  assert.deepEqual(
    contextOf(text).comments.map((c) => text.slice(c.start, c.end)),
    ['# top', '# trailing'],
  );
});

test('values know their path from the root, sequence items as -, and their document', () => {
  const text = [
    'Resources:',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      ContainerDefinitions:',
    '      - Name: app',
    '        Secrets:',
    '          - Name: DB',
    '            ValueFrom: arn:x',
    '      - Name: second',
    '      Family: f',
    '---',
    '- top',
    '- key: v',
  ].join('\n');
  const paths = contextOf(text).values.map((v) => [text.slice(v.span.start, v.span.end), v.path.join('.'), v.document, v.key]);
  assert.deepEqual(paths, [
    ['AWS::ECS::TaskDefinition', 'Resources.Task.Type', 0, 'Type'],
    ['app', 'Resources.Task.Properties.ContainerDefinitions.-.Name', 0, 'Name'],
    ['DB', 'Resources.Task.Properties.ContainerDefinitions.-.Secrets.-.Name', 0, 'Name'],
    ['arn:x', 'Resources.Task.Properties.ContainerDefinitions.-.Secrets.-.ValueFrom', 0, 'ValueFrom'],
    ['second', 'Resources.Task.Properties.ContainerDefinitions.-.Name', 0, 'Name'],
    ['f', 'Resources.Task.Properties.Family', 0, 'Family'],
    ['top', '-', 1, undefined],
    ['v', '-.key', 1, 'key'],
  ]);
});

test('values: after a { left open (a Jinja comment line), the next key in column 0 is read as block YAML again, as the yaml package reads it', () => {
  const text = ['dev:', '  {# retired #}', '  A: 1', 'prod:', '  B: 2', ''].join('\n');
  assert.deepEqual(valuesOf(text).slice(-1), [['2', 'plain', 'prod', 'B', false]]);
  assert.deepEqual(contextOf(text).topLevelKeys, [0, text.indexOf('prod')]);
});

test('second-level keys: the lines of keys first on their line directly under a key in column 0, not sequence items, deeper keys or keys in flow', () => {
  const lines = ['Resources:', '  A:', '    Type: x', '  "B": 1', '  - C: 1', '  &d D: 1', 'List:', '- E: 1', 'Flow: {F: 1}', 'Top: 1', ''];
  const text = lines.join('\n');
  const lineStart = (line: string) => text.indexOf(`\n${line}`) + 1;
  assert.deepEqual(contextOf(text).secondLevelKeys, [lineStart('  A:'), lineStart('  "B"')]);
});

test('quotes left open: a quote with no closing one, or closed only beyond a less indented line', () => {
  assert.equal(contextOf('a: "x\nb: 1\n').quoteLeftOpen, true);
  assert.equal(contextOf("a:\n  b: 'x\nc: 'y'\n").quoteLeftOpen, true);
  assert.equal(contextOf("a: \"x\\\\\"\nb: 'it''s'\n").quoteLeftOpen, undefined);
});
