/** Long computations as generators that pause now and then, so a server can answer other requests between steps. */

/** True once every `n` calls: where a stepwise computation pauses. */
export function everyNth(n: number): () => boolean {
  let count = 0;
  return () => ++count % n === 0;
}

/** Runs a stepwise computation to its end in one go. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
