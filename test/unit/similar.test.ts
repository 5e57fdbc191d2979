import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closestMatches, editDistanceWithin } from '../../server/src/core/similar';

/** The textbook full-table Levenshtein distance, to compare the banded one with. */
function fullDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i][j] = Math.min(table[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), table[i - 1][j] + 1, table[i][j - 1] + 1);
    }
  }
  return table[a.length][b.length];
}

test('the banded distance is the full one when within the bound, else bound + 1', () => {
  // Up to 70 characters: longer than the rows the distance starts with, so they grow mid-run.
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '/', '-'), maxLength: 70, size: 'max' });
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
      assert.equal(editDistanceWithin(a, b, max), Math.min(fullDistance(a, b), max + 1));
    }),
    { numRuns: 2000 },
  );
});

test('suggestions are within the typo distance only, nearest first', () => {
  assert.deepEqual(closestMatches('prod/db/pasword', ['prod/db/password', 'prod/db/username', 'prod/cache/password']), [
    'prod/db/password',
  ]);
  assert.deepEqual(closestMatches('secret_var', ['env_var', 'json_value', 'variables']), []);
});
