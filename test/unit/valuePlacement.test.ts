import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valuePlacement } from '../../server/src/core/quotes';

/** A line with `|` at the cursor, and where a whole reference can go from there without breaking the YAML. */
const ROWS: [string, 'here' | 'afterSpace' | 'newLine'][] = [
  ['  API_KEY: |', 'here'],
  ['  API_KEY:   |', 'here'],
  ['  API_KEY: |  # a comment', 'here'],
  ['  API_KEY: "prefix |"', 'here'],
  ['  - |', 'here'],
  ['  API_KEY:|', 'afterSpace'],
  ['  -|', 'afterSpace'],
  ['|  POSTGRES_HOST: db.example.com', 'newLine'],
  [' | POSTGRES_HOST: db.example.com', 'newLine'],
  ['  POSTGRES_HOST: db.example.com|', 'newLine'],
  ['  POSTGRES_HOST: db.ex|ample.com', 'newLine'],
  ['|', 'newLine'],
  ['  |', 'newLine'],
  ['  # a comment |', 'newLine'],
  ['default:|', 'afterSpace'],
];

test('valuePlacement: a key that already holds a block below takes no value on its line', () => {
  assert.equal(valuePlacement('default:', 8, '  API_KEY: x'), 'newLine');
  assert.equal(valuePlacement('default: ', 9, '  API_KEY: x'), 'newLine');
  assert.equal(valuePlacement('  API_KEY: ', 11, '  OTHER: x'), 'here');
  assert.equal(valuePlacement('  API_KEY: ', 11, 'dev:'), 'here');
});

test('valuePlacement: a reference goes where a value starts, after a space right after a colon, else on a new line', () => {
  for (const [marked, expected] of ROWS) {
    const column = marked.indexOf('|');
    const line = marked.slice(0, column) + marked.slice(column + 1);
    assert.equal(valuePlacement(line, column), expected, marked);
  }
});
