/**
 * `npm run bench`: runs each section and prints its table; exits non-zero only when a section could not
 * measure. `npm run bench -- 1 4` runs sections 1 and 4 only.
 */
import * as os from 'node:os';
import { cliSection } from './cli';
import { completionSection } from './completion';
import { printTable, Section } from './harness';
import { hoverSection } from './hover';
import { secretListSection } from './secretList';
import { validationSection } from './validation';

const SECTIONS: Section[] = [validationSection, secretListSection, completionSection, hoverSection, cliSection];

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs`);
  let failed = 0;
  const chosen = process.argv.slice(2).map(Number);
  for (const [index, section] of SECTIONS.entries()) {
    if (chosen.length > 0 && !chosen.includes(index + 1)) continue;
    try {
      printTable(section.title, await section.run());
    } catch (error) {
      failed++;
      console.error(`\n${section.title}: could not measure: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
