/**
 * Waits for an asynchronous outcome the way a client system would: by asking again. Workflows
 * move on after an API call returns (a dependant task starts, a reply is compiled), so tests
 * poll the observable result with a bound instead of sleeping a fixed time.
 */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`超时：${what}（${timeoutMs} ms），最后结果：${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

/**
 * Retries an assertion until it passes (bounded): for workflow queries that race the activity the
 * workflow is awaiting on the time-skipping server.
 */
export async function untilPasses(check: () => void | Promise<void>, attempts = 100, intervalMs = 50): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await check();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
