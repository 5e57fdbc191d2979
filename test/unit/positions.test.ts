/** Positions of offsets computed from line starts found in steps, as the editor's TextDocument computes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runToEnd } from '../../server/src/core/steps';
import fc from 'fast-check';
import { lineStartsAfterEdit, lineStartsInSteps, positionIn } from '../../server/src/features/positions';

test('every offset has the position TextDocument gives it, whatever ends the lines', () => {
  const texts = ['', 'a', 'a\n', '\n\n', 'a\r\nb', 'a\rb\r', '\r\n\r\n', 'a\n\rb', 'key: v\r\n  - x\n\r\n\ry', 'ünï\r\ncödé\n😀 x'];
  for (const text of texts) {
    const document = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
    const lineStarts = runToEnd(lineStartsInSteps(text));
    assert.equal(lineStarts.length, document.lineCount, JSON.stringify(text));
    for (let offset = -1; offset <= text.length + 1; offset++) {
      assert.deepEqual(positionIn(text, lineStarts, offset), document.positionAt(offset), `${JSON.stringify(text)} at ${offset}`);
    }
  }
});

test('a text longer than one step is read in several, its line starts all found', () => {
  const text = 'name: "{{ aws_secret_var(\'db\') }}"\r\n'.repeat(5_000) + 'last\rline';
  const steps = lineStartsInSteps(text);
  let pauses = 0;
  let step = steps.next();
  for (; !step.done; step = steps.next()) pauses++;
  assert.ok(pauses > 1, `${pauses} pauses`);
  const document = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
  assert.equal(step.value.length, document.lineCount);
  for (const offset of [0, 36, 37, 38, 100_000, text.length - 5, text.length]) {
    assert.deepEqual(positionIn(text, step.value, offset), document.positionAt(offset));
  }
});

test('after any edit, the line starts kept, shifted and read again are those of the edited text read whole', () => {
  const piece = fc.constantFrom('a', 'key: v', '\n', '\r', '\r\n', ' ');
  const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));
  fc.assert(
    fc.property(text, fc.nat(), fc.nat(), text, (before, at, length, inserted) => {
      const start = at % (before.length + 1);
      const after = before.slice(0, start) + inserted + before.slice(start + (length % (before.length - start + 1)));
      const lineStarts = runToEnd(lineStartsInSteps(before));
      assert.deepEqual(runToEnd(lineStartsAfterEdit({ text: before, lineStarts }, after)), runToEnd(lineStartsInSteps(after)));
    }),
    { numRuns: 5_000 },
  );
});
