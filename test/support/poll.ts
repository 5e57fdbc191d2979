/** Calls `probe` until `done` accepts its result (by default: until it is truthy), and returns that result. */
export async function pollUntil<T>(what: string, probe: () => T | PromiseLike<T>, done: (v: T) => boolean = Boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
