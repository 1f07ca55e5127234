import { describe, expect, it } from 'vitest';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { leaseSize, MAX_LEASE, RateLimit } from '../src/http/rate-limits.js';

/** A shared store (as PostgreSQL is for N processes) that counts the reservations it answers. */
function sharedStore(perMinute: number): { store: RateLimiterAbstract; calls: () => number } {
  const store = new RateLimiterMemory({ keyPrefix: 't', points: perMinute, duration: 60 });
  let calls = 0;
  const consume = store.consume.bind(store);
  store.consume = (key, points) => {
    calls++;
    return consume(key, points);
  };
  return { store, calls: () => calls };
}

async function admitted(limit: RateLimit, key: string): Promise<boolean> {
  try {
    await limit.hit(key);
    return true;
  } catch (e) {
    expect((e as { code?: string }).code).toBe('rate_limited');
    return false;
  }
}

describe('rate limits leased from a shared store', () => {
  it('takes 1% of a limit per reservation, one hit for small limits, never more than the cap', () => {
    expect(leaseSize(6)).toBe(1);
    expect(leaseSize(199)).toBe(1);
    expect(leaseSize(1_200)).toBe(12);
    expect(leaseSize(600)).toBe(6);
    expect(leaseSize(1_000_000)).toBe(MAX_LEASE);
  });

  it('admits no more than the limit between three processes, and refuses at most a lease each early', async () => {
    const perMinute = 1_000;
    const { store, calls } = sharedStore(perMinute);
    const processes = [0, 1, 2].map(() => new RateLimit(store, leaseSize(perMinute)));
    let ok = 0;
    for (let i = 0; i < 1_200; i++) if (await admitted(processes[i % 3]!, 'addr')) ok++;
    expect(ok).toBeLessThanOrEqual(perMinute);
    expect(ok).toBeGreaterThanOrEqual(perMinute - 3 * leaseSize(perMinute));
    // One store write per lease, not per hit (plus the one-hit reservations near the limit).
    expect(calls()).toBeLessThan(200);
  });

  it('is exact for a small limit (every hit asks the store)', async () => {
    const { store, calls } = sharedStore(6);
    const processes = [0, 1, 2].map(() => new RateLimit(store, leaseSize(6)));
    const answers: boolean[] = [];
    for (let i = 0; i < 9; i++) answers.push(await admitted(processes[i % 3]!, 'health'));
    expect(answers).toEqual([true, true, true, true, true, true, false, false, false]);
    expect(calls()).toBe(9);
  });

  it('lets concurrent hits on one key share one reservation', async () => {
    const { store, calls } = sharedStore(10_000);
    const limit = new RateLimit(store, leaseSize(10_000));
    const results = await Promise.all(Array.from({ length: 50 }, () => admitted(limit, 'device:1')));
    expect(results.every(Boolean)).toBe(true);
    expect(calls()).toBe(1);
  });

  it('keeps keys apart', async () => {
    const { store } = sharedStore(300);
    const limit = new RateLimit(store, leaseSize(300));
    for (let i = 0; i < 300; i++) expect(await admitted(limit, 'a')).toBe(true);
    expect(await admitted(limit, 'a')).toBe(false);
    expect(await admitted(limit, 'b')).toBe(true);
  });
});
