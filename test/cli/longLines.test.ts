/** The command line checks files of one long line in time linear in their length. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedMs, longLines, REFERENCE, yamlParseMs } from '../support/longLines';
import { makeProject, removeProjects, runCli } from './run';

after(removeProjects);

/** An error at the end of the line, to show that the whole line was read. */
const EMPTY_ID = `"{{ aws_secret_var('') }}"`;

test('files of a long line of nested keys and of a long flow mapping, checked in about the time yaml parses them', async () => {
  const lines = longLines();
  const files = ['nested keys (k: a: a: …)', 'a long flow mapping'].map((kind) => lines[kind].replace(REFERENCE, EMPTY_ID));
  const folder = makeProject(Object.fromEntries(files.map((text, index) => [`pipelines/p${index}/metadata.yaml`, text])));
  const allowed = files.length * allowedMs(yamlParseMs());
  const started = performance.now();
  const run = await runCli(['check', '--format', 'json'], folder);
  const elapsed = performance.now() - started;
  assert.ok(elapsed <= allowed, `${Math.round(elapsed)} ms, allowed ${Math.round(allowed)} ms`);
  const report = JSON.parse(run.stdout);
  assert.equal(report.summary.files, files.length);
  assert.deepEqual(
    report.problems.map((problem: { code: string }) => problem.code),
    ['call-empty-id', 'call-empty-id'],
  );
});
