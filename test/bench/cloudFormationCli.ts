/**
 * The command line on a 5,000-line CloudFormation template with 500 `{{resolve:secretsmanager:…}}` dynamic
 * references: our checker against cfn-lint (when on PATH) on the same file, cfn-lint run amid ours.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cloudFormationTemplate } from './cloudFormation';
import { elapsed, figures, ms, ratio, ROOT, Row, Section, spread, summarize } from './harness';

const REFERENCES = 500;
const CLI = path.join(ROOT, 'dist/cli.js');
const OUR_RUNS = 5;
/** cfn-lint takes half a minute a run on 2 CPUs: one run, amid ours, keeps the whole bench within minutes. */
const CFN_LINT_RUNS = 1;
const FASTER_GOAL = 10;

export const cloudFormationCliSection: Section = {
  title: `Command line on a CloudFormation template, ${REFERENCES} dynamic references`,
  run,
};

async function run(): Promise<Row[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-bench-cfn-'));
  try {
    const file = path.join(folder, 'template.yaml');
    const text = cloudFormationTemplate(REFERENCES);
    fs.writeFileSync(file, text);
    const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    const cfnLint = version.status === 0 ? version.stdout.trim() : undefined;
    let ourSummary = '';
    let theirFindings = 0;
    const ours = () => (ourSummary = runChecked(process.execPath, [CLI, 'check', file], [0, 1]).trim().split('\n').pop() ?? '');
    // cfn-lint's exit status is a bit mask of the levels it found (2 error, 4 warning, 8 info); 1 is a crash.
    const theirs = () =>
      (theirFindings = runChecked('cfn-lint', [file], [0, 2, 4, 6, 8, 10, 12, 14])
        .split('\n')
        .filter((line) => /^[EWI]\d+ /.test(line)).length);
    ours(); // warm-up: the file in the page cache
    // cfn-lint's runs amid ours: a change in the machine's load weighs on both.
    const ourSamples: number[] = [];
    const theirSamples: number[] = [];
    for (let run = 0; run < OUR_RUNS; run++) {
      if (cfnLint && run === Math.floor(OUR_RUNS / 2)) for (let i = 0; i < CFN_LINT_RUNS; i++) theirSamples.push(await elapsed(theirs));
      ourSamples.push(await elapsed(ours));
    }
    const timing = { ours: summarize(ourSamples), theirs: cfnLint ? summarize(theirSamples) : undefined };
    const rows: Row[] = [
      {
        measure: 'generated template.yaml',
        value: `${(text.split('\n').length - 1).toLocaleString('en')} lines`,
        against: `${REFERENCES} dynamic references`,
      },
      {
        measure: 'node dist/cli.js check template.yaml',
        value: spread(timing.ours),
        against: ourSummary,
        data: figures(timing.ours),
      },
    ];
    if (!timing.theirs) return [...rows, { measure: 'cfn-lint template.yaml', value: 'absent', against: 'no cfn-lint on PATH; skipped' }];
    const faster = timing.theirs.p50 / timing.ours.p50;
    return [
      ...rows,
      {
        measure: `cfn-lint template.yaml (${cfnLint})`,
        value: spread(timing.theirs),
        against: `${theirFindings} finding(s)`,
        data: figures(timing.theirs),
      },
      {
        measure: 'ours against cfn-lint',
        value: `${faster.toFixed(1)}x faster`,
        against: `${ratio(timing.ours.p50, timing.theirs.p50)} its time; ${ms(timing.theirs.p50 - timing.ours.p50)} saved a run`,
        target: { text: `>= ${FASTER_GOAL}x faster`, met: faster >= FASTER_GOAL },
        data: { faster, met: faster >= FASTER_GOAL },
      },
    ];
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs a command; returns its output, or throws on an exit status not in `accepted`. */
function runChecked(command: string, args: string[], accepted: number[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status === null || !accepted.includes(result.status))
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr}`);
  return result.stdout;
}
