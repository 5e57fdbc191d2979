/** A long single line costs time linear in its length, whatever nests or repeats on it. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';
import { allowedMs, longLines, REFERENCE, yamlParseMs } from '../support/longLines';

let allowed = 0;
before(() => {
  allowed = allowedMs(yamlParseMs());
});

for (const [kind, text] of Object.entries(longLines())) {
  test(`${kind}: checked in about the time yaml parses a normal file that size`, () => {
    const started = performance.now();
    const { references } = analyze('io_config.yaml', text);
    const elapsed = performance.now() - started;
    assert.ok(elapsed <= allowed, `${Math.round(elapsed)} ms, allowed ${Math.round(allowed)} ms`);
    if (text.includes(REFERENCE)) assert.deepEqual(references.map((reference) => reference.secretId), ['at/the/end']);
  });
}
