/**
 * Start-up: from starting the server process to its answer to `initialize` (Node.js's own start included),
 * and its resident memory once idle after start-up; beside yaml-language-server and a bare Node.js process,
 * started in turns with it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsRefusingEveryCall, OUR_SERVER } from './awsBench';
import { YAML_LANGUAGE_SERVER, YAML_LANGUAGE_SERVER_OPTIONS } from './firstDiagnostics';
import { figures, megabytes, ms, ratio, Row, Section, spread, summarize } from './harness';
import { BenchServerOptions, memoryOf, startBenchServer } from './lspServer';

const WARMUP = 1;
const RUNS = 5;
/** Time for a started server to settle (its configuration asked and answered) before its memory is read. */
const SETTLE_MS = 500;
/** The goals: ready within 100 ms of Node.js's own start, and idle in 50 MB. */
const READY_BEYOND_NODE_MS = 100;
const IDLE_MEMORY_BYTES = 50 * 2 ** 20;

export const startupSection: Section = { title: 'Start-up and idle memory', run };

async function run(): Promise<Row[]> {
  const servers: [string, string, BenchServerOptions][] = [['ours', OUR_SERVER, { env: await awsRefusingEveryCall() }]];
  if (existsSync(YAML_LANGUAGE_SERVER)) servers.push(['theirs', YAML_LANGUAGE_SERVER, YAML_LANGUAGE_SERVER_OPTIONS]);
  const started = new Map<string, number[]>([...servers.map(([name]) => name), 'node'].map((name) => [name, []]));
  const resident = new Map<string, number[]>([...started.keys()].map((name) => [name, []]));
  for (let round = 0; round < WARMUP + RUNS; round++) {
    const starts: [string, () => Promise<Started>][] = [
      ...servers.map(([name, script, options]): [string, () => Promise<Started>] => [name, () => startBenchServer(script, options)]),
      ['node', startBareNode],
    ];
    for (const [name, start] of starts) {
      const running = await start();
      await sleep(SETTLE_MS);
      if (round >= WARMUP) {
        started.get(name)!.push(running.startedIn);
        resident.get(name)!.push(running.residentMemory());
      }
      await running.stop();
    }
  }
  const ours = { started: summarize(started.get('ours')!), resident: summarize(resident.get('ours')!).p50 };
  const node = { started: summarize(started.get('node')!), resident: summarize(resident.get('node')!).p50 };
  const beyondNode = ours.started.p50 - node.started.p50;
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
    {
      measure: 'our server: ready beyond a bare Node.js start',
      value: ms(beyondNode),
      against: `start -> initialize p50 minus a bare node's start -> first output p50 (${spread(node.started)})`,
      target: { text: `<= ${READY_BEYOND_NODE_MS} ms`, met: beyondNode <= READY_BEYOND_NODE_MS },
      data: { ms: beyondNode, nodeP50: node.started.p50, met: beyondNode <= READY_BEYOND_NODE_MS },
    },
    {
      measure: 'our server: idle memory after start-up (VmRSS)',
      value: megabytes(ours.resident),
      against: `a bare node: ${megabytes(node.resident)}`,
      target: { text: `<= ${megabytes(IDLE_MEMORY_BYTES)}`, met: ours.resident <= IDLE_MEMORY_BYTES },
      data: { bytes: ours.resident, nodeBytes: node.resident, met: ours.resident <= IDLE_MEMORY_BYTES },
    },
  ];
}

/** What the section reads of a started process. */
interface Started {
  startedIn: number;
  residentMemory(): number;
  stop(): Promise<void>;
}

/** A Node.js process that does nothing but say it started and wait: Node's own start and memory. */
async function startBareNode(): Promise<Started> {
  const start = performance.now();
  const child = spawn(process.execPath, ['-e', "process.stdout.write('ready'); setInterval(() => {}, 60_000);"], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await once(child.stdout, 'data');
  const startedIn = performance.now() - start;
  return {
    startedIn,
    residentMemory: () => memoryOf(child.pid!, 'VmRSS'),
    async stop() {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}
