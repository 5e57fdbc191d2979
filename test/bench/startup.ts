/**
 * Start-up: from starting the server process to its answer to `initialize` (Node.js's own start included),
 * and its resident memory once idle after start-up; beside yaml-language-server, started in turns with it.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsRefusingEveryCall, OUR_SERVER } from './awsBench';
import { YAML_LANGUAGE_SERVER, YAML_LANGUAGE_SERVER_OPTIONS } from './firstDiagnostics';
import { figures, megabytes, ratio, Row, Section, spread, summarize } from './harness';
import { BenchServerOptions, startBenchServer } from './lspServer';

const WARMUP = 1;
const RUNS = 5;
/** Time for a started server to settle (its configuration asked and answered) before its memory is read. */
const SETTLE_MS = 500;

export const startupSection: Section = { title: 'Start-up and idle memory', run };

async function run(): Promise<Row[]> {
  const servers: [string, string, BenchServerOptions][] = [['ours', OUR_SERVER, { env: await awsRefusingEveryCall() }]];
  if (existsSync(YAML_LANGUAGE_SERVER)) servers.push(['theirs', YAML_LANGUAGE_SERVER, YAML_LANGUAGE_SERVER_OPTIONS]);
  const started = new Map<string, number[]>(servers.map(([name]) => [name, []]));
  const resident = new Map<string, number[]>(servers.map(([name]) => [name, []]));
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const [name, script, options] of servers) {
      const server = await startBenchServer(script, options);
      await sleep(SETTLE_MS);
      if (round >= WARMUP) {
        started.get(name)!.push(server.startedIn);
        resident.get(name)!.push(server.residentMemory());
      }
      await server.stop();
    }
  }
  const ours = { started: summarize(started.get('ours')!), resident: summarize(resident.get('ours')!).p50 };
  const theirs = started.has('theirs')
    ? { started: summarize(started.get('theirs')!), resident: summarize(resident.get('theirs')!).p50 }
    : undefined;
  return [
    {
      measure: 'our server: start -> initialize answered',
      value: spread(ours.started),
      against: theirs
        ? `${ratio(ours.started.p50, theirs.started.p50)} yaml-language-server (${spread(theirs.started)})`
        : 'yaml-language-server absent',
      target: theirs && { text: 'p50 <= yaml-language-server', met: ours.started.p50 <= theirs.started.p50 },
      data: { ...figures(ours.started), ...(theirs && { peerP50: theirs.started.p50 }) },
    },
    {
      measure: `our server: idle memory after start-up (VmRSS, median of ${RUNS})`,
      value: megabytes(ours.resident),
      against: theirs
        ? `${ratio(ours.resident, theirs.resident)} yaml-language-server (${megabytes(theirs.resident)})`
        : 'yaml-language-server absent',
      target: theirs && { text: '<= yaml-language-server', met: ours.resident <= theirs.resident },
      data: { bytes: ours.resident, ...(theirs && { peerBytes: theirs.resident }) },
    },
  ];
}
