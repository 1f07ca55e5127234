import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { Db } from '@margins/lti-tool/data/db';
import { ExtensionTokens } from '@margins/lti-tool/services/extension-tokens';
import { pageUrl, SEED, type Viewer } from './seed.js';

/**
 * The sync benchmarks' load: closed and open loops of page lookups, paired browsers and the HTTP
 * lookup (page-lookup.ts: the API against the raw query; processes.ts: one tool process against two).
 */

export const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** Open loop: lookups per second, spread over the clients (each client asks every CLIENTS / RATE s). */
export const RATE = Number(process.env.BENCH_RATE ?? 100);
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
/** The tool's secret in the benchmarks (access tokens are signed with it here and checked by the tool). */
export const SECRET = 'bench-sync-secret-bench-sync-secret-0123';

export interface Figures {
  p50: number;
  p99: number;
  rps: number;
  n: number;
  rowsPerLookup: number;
  /** CPU ms per lookup of this process (the load generator, or the driver for the raw query), closed loop only. */
  selfCpuMs?: number;
  /** CPU ms per lookup of the process `pid` given to the closed loop (the tool). */
  pidCpuMs?: number;
}

export function summarize(latencies: number[], seconds: number, rows: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    p50: at(0.5),
    p99: at(0.99),
    rps: latencies.length / seconds,
    n: latencies.length,
    rowsPerLookup: rows / Math.max(1, latencies.length),
  };
}

/** Runs `one` from `clients` concurrent loops for the warm-up, then measures for `seconds`. */
export async function closedLoop(
  clients: number,
  seconds: number,
  one: (client: number) => Promise<number>,
  pid?: number,
): Promise<Figures> {
  const run = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let rows = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        while (performance.now() < end) {
          const t0 = performance.now();
          const n = await one(c);
          if (record) {
            latencies.push(performance.now() - t0);
            rows += n;
          }
        }
      }),
    );
    return { latencies, rows };
  };
  await run(WARMUP_SECONDS * 1000, false);
  const started = performance.now();
  const self0 = process.cpuUsage();
  const pid0 = pid ? cpuSeconds(pid) : 0;
  const { latencies, rows } = await run(seconds * 1000, true);
  const self = process.cpuUsage(self0);
  const figures = summarize(latencies, (performance.now() - started) / 1000, rows);
  return {
    ...figures,
    selfCpuMs: (self.user + self.system) / 1e3 / figures.n,
    ...(pid ? { pidCpuMs: ((cpuSeconds(pid) - pid0) * 1e3) / figures.n } : {}),
  };
}

/**
 * Open loop: `rate` lookups per second are started on schedule whatever the answers' speed (the
 * `clients` take turns), and each latency counts from its scheduled start, so a slow answer cannot
 * hide the queue behind it (no coordinated omission).
 */
export async function openLoop(
  rate: number,
  seconds: number,
  one: (client: number) => Promise<number>,
): Promise<Figures> {
  const run = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let rows = 0;
    const start = performance.now();
    const total = Math.floor((ms / 1000) * rate);
    const inflight: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const due = start + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        one(n % CLIENTS).then((k) => {
          if (record) {
            latencies.push(performance.now() - due);
            rows += k;
          }
        }),
      );
    }
    await Promise.all(inflight);
    return { latencies, rows, elapsed: (performance.now() - start) / 1000 };
  };
  await run(WARMUP_SECONDS * 1000, false);
  const { latencies, rows, elapsed } = await run(seconds * 1000, true);
  return summarize(latencies, elapsed, rows);
}

/** A random page of the seeded curriculum. */
export const randomPage = () => pageUrl(Math.floor(Math.random() * SEED.pages));

/** Pairs one browser per client (devices written directly; tokens signed with the tool's secret). */
export async function pairViewers(db: Db, teachers: Viewer[]): Promise<{ viewer: Viewer; token: string }[]> {
  const tokens = new ExtensionTokens(SECRET, 3_600);
  const out: { viewer: Viewer; token: string }[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const viewer = teachers[c % teachers.length]!;
    const id = randomUUID();
    const now = new Date().toISOString();
    await db.knex('devices').insert({
      id,
      tenant_id: viewer.tenantId,
      user_id: viewer.userId,
      context_pk: viewer.contextPk,
      name: `bench ${c}`,
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
      revoked_reason: null,
    });
    out.push({ viewer, token: tokens.issueAccess(id).token });
  }
  return out;
}

export async function httpLookup(url: string, agent: Agent, token: string, page: string): Promise<number> {
  const target = new URL(`/api/v1/pages/adaptations?url=${encodeURIComponent(page)}`, url);
  return new Promise((resolve, reject) => {
    const req = request(target, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200)
          return reject(
            new Error(`lookup answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`),
          );
        resolve((JSON.parse(Buffer.concat(chunks).toString()) as { adaptations: unknown[] }).adaptations.length);
      });
    });
    req.on('error', reject);
    req.end();
  });
}
/** CPU seconds a process has used (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
