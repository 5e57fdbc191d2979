/**
 * Work spread over worker threads, one per CPU, each running this same script; results come back
 * in the order of the items, so output does not depend on which worker was faster.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** Whether this thread is a worker started by `runOnWorkers`, and the data it was given. */
export const workerInput: unknown = isMainThread ? undefined : workerData;

/** `work` on each item, on `threads` workers running `script` (which calls `serveOnWorker`). */
export async function runOnWorkers<T, R>(script: string, data: unknown, items: T[], threads = availableParallelism()): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(threads, items.length)) }, () => new Worker(script, { workerData: data }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => (next < items.length ? worker.postMessage({ index: next, item: items[next++] }) : resolve());
            worker.on('message', ({ index, result }: { index: number; result: R }) => {
              results[index] = result;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a worker stopped with status ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** In a worker: answers each item with `work`'s result until the main thread stops it. */
export function serveOnWorker<T, R>(work: (item: T) => R): void {
  parentPort!.on('message', ({ index, item }: { index: number; item: T }) => parentPort!.postMessage({ index, result: work(item) }));
}
