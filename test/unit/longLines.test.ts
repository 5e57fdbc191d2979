/** A long single line costs time linear in its length, whatever nests or repeats on it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';
import { allowedMs, longLines, REFERENCE, yamlParseMs } from '../support/longLines';

// A megabyte here, to keep this tier fast; the command-line tier checks lines of LONG_LINE_BYTES.
const BYTES = 1_000_000;
// Measured in this process just before the checks, so that both see the same load on the machine.
const allowed = allowedMs(yamlParseMs(BYTES));

for (const [kind, text] of Object.entries(longLines(BYTES))) {
  test(`${kind}: checked in about the time yaml parses a normal file that size`, () => {
    const started = performance.now();
    const { references } = analyze('io_config.yaml', text);
    const elapsed = performance.now() - started;
    assert.ok(elapsed <= allowed, `${Math.round(elapsed)} ms, allowed ${Math.round(allowed)} ms`);
    if (text.includes(REFERENCE))
      assert.deepEqual(
        references.map((reference) => reference.secretId),
        ['at/the/end'],
      );
  });
}

test('hundreds of thousands of problems on one line are all reported, without overflowing the stack', () => {
  const brackets = 300_000;
  const { problems } = analyze('io_config.yaml', `k: "{{ ${'('.repeat(brackets)} }}"\n`);
  assert.equal(problems.filter((problem) => problem.code === 'template-unbalanced-brackets').length, brackets);
});
