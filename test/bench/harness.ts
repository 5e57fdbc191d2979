/** What every benchmark section shares: timing with warm-up, the figures' formats, and one table layout. */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The project's folder, from out/test/bench where the benchmark runs. */
export const ROOT = path.resolve(__dirname, '../../..');

/** Milliseconds. */
export interface Timing {
  p50: number;
  p95: number;
  max: number;
  runs: number;
}

/** Runs `task` `warmup` times unmeasured, then `runs` times measured one after the other. */
export async function time(task: () => unknown, { warmup = 2, runs = 10 } = {}): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await elapsed(task));
  return summarize(samples);
}

/**
 * Runs the tasks in turns (a, b, c, a, b, c, ...) `runs` times after `warmup` unmeasured rounds, so that a
 * change in the machine's load (other processes share its CPUs) weighs on every task alike.
 */
export async function timeInTurns<T extends Record<string, (() => unknown) | undefined>>(
  tasks: T,
  { warmup = 1, runs = 5 } = {},
): Promise<TimingsOf<T>> {
  const present = Object.entries(tasks).filter((entry): entry is [string, () => unknown] => entry[1] !== undefined);
  const samples = new Map<string, number[]>(present.map(([name]) => [name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, task] of present) {
      const took = await elapsed(task);
      if (round >= warmup) samples.get(name)!.push(took);
    }
  }
  return Object.fromEntries([...samples].map(([name, taken]) => [name, summarize(taken)])) as TimingsOf<T>;
}

/** A timing per task; none for a task left undefined. */
type TimingsOf<T> = { [K in keyof T]: undefined extends T[K] ? Timing | undefined : Timing };

/** Milliseconds that one run of `task` takes. */
export async function elapsed(task: () => unknown): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], runs: sorted.length };
}

/** A timing's figures for --json. */
export const figures = (timing: Timing) => ({ p50: timing.p50, p95: timing.p95, runs: timing.runs });

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const spread = (timing: Timing) => `${ms(timing.p50)} (p95 ${ms(timing.p95)}, n=${timing.runs})`;
export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;
export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export interface Row {
  measure: string;
  value: string;
  /** The figures behind `value` and the target, as numbers, for --json. */
  data?: Record<string, number | boolean>;
  /** A baseline measured in the same run, or what the figure depends on. */
  against?: string;
  target?: { text: string; met: boolean };
}

export interface Section {
  title: string;
  run(): Promise<Row[]>;
}

export function printTable(title: string, rows: Row[]): void {
  const cells = rows.map((row) => [
    row.measure,
    row.value,
    row.against ?? '',
    row.target?.text ?? '',
    row.target ? (row.target.met ? 'PASS' : 'MISS') : '',
  ]);
  const header = ['measure', 'value', 'against', 'target', ''];
  const widths = header.map((_, column) => Math.max(...[header, ...cells].map((line) => line[column].length)));
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  cells.forEach((values) => console.log(line(values)));
}
