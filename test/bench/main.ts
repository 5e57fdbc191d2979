/** `npm run bench`: runs each section and prints its table; exits non-zero only when a section could not measure. */
import * as os from 'node:os';
import { printTable, Section } from './harness';
import { validationSection } from './validation';

// Sections to come, each a module exporting a Section: listing 10,000 secrets through the server against a bare
// SDK paginator loop, completion latency p50/p95, hover latency, the command-line checker on 1,000 files.
const SECTIONS: Section[] = [validationSection];

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs`);
  let failed = 0;
  for (const section of SECTIONS) {
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
