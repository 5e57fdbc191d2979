/**
 * `npm run bench`: runs each section and prints its table; exits non-zero only when a section could not
 * measure. `npm run bench -- 1 4` runs sections 1 and 4 only; `--json` prints the same rows as JSON.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { cliSection } from './cli';
import { cloudFormationCliSection } from './cloudFormationCli';
import { completionSection } from './completion';
import { firstDiagnosticsSection } from './firstDiagnostics';
import { printTable, Row, Section } from './harness';
import { hoverSection } from './hover';
import { missingNamesSection } from './missingNames';
import { secretListSection } from './secretList';
import { startupSection } from './startup';

const SECTIONS: Section[] = [
  startupSection,
  firstDiagnosticsSection,
  missingNamesSection,
  cloudFormationCliSection,
  secretListSection,
  completionSection,
  hoverSection,
  cliSection,
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const chosen = args.filter((arg) => arg !== '--json').map(Number);
  const cpus = `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg()[0].toFixed(1)}`;
  const machine = `node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus}`;
  if (!json) console.log(machine);
  const results: { section: string; seconds: number; rows?: Row[]; error?: string }[] = [];
  for (const [index, section] of SECTIONS.entries()) {
    if (chosen.length > 0 && !chosen.includes(index + 1)) continue;
    const title = `${index + 1}. ${section.title}`;
    const start = performance.now();
    const seconds = () => Math.round((performance.now() - start) / 1000);
    try {
      const rows = await section.run();
      results.push({ section: title, seconds: seconds(), rows });
      if (!json) printTable(`${title} (${seconds()} s)`, rows);
    } catch (error) {
      results.push({ section: title, seconds: seconds(), error: error instanceof Error ? error.message : String(error) });
      console.error(`\n${title}: could not measure: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  if (json) console.log(JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2));
  process.exitCode = results.some((result) => result.error) ? 1 : 0;
}

void main();
