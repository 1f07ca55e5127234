/**
 * Polls `check` until it returns a truthy value: the browser tests wait on what the app shows or
 * stores, never on fixed sleeps (the machine is shared and slow). A check that throws is retried;
 * the last value or error is in the timeout's message.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  what: string,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
