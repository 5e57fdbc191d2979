/**
 * The checker over real YAML files from public repositories (test/fixtures/realworld/, see PROVENANCE.md there):
 * they are valid as written, so every error or warning on them is a false positive.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeProjects, runCli } from './run';

after(removeProjects);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'realworld');

/**
 * A folder given to `check` is searched with the Mage rule, so the fixtures are named by globs; `**` does not enter
 * dot folders, so the workflows under `.github/workflows/` get a glob of their own.
 */
const GLOBS = ['**/*.{yaml,yml}', '**/.github/workflows/*.{yaml,yml}'];

interface ReportedProblem {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

/** Every YAML file under `folder`, dot folders included. */
function yamlFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(entry.name) ? [file] : [];
  });
}

describe('real-world YAML', () => {
  test('no error or warning on valid files from public repositories', async () => {
    const run = await runCli(['check', '--format', 'json', ...GLOBS], FIXTURES);
    assert.notEqual(run.status, 2, `the checker did not run: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { summary: { files: number }; problems: ReportedProblem[] };
    assert.equal(report.summary.files, yamlFiles(FIXTURES).length, 'every fixture is checked');

    const flagged = report.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning');
    const lines = flagged.map(
      (problem) =>
        `  ${problem.file.split(path.sep).join('/')}:${problem.line}:${problem.column} ${problem.severity} ${problem.code} ${problem.message}`,
    );
    assert.equal(flagged.length, 0, `${flagged.length} false errors or warnings on real-world files:\n${lines.join('\n')}`);
  });
});
