import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { TokenPairSchema, type Adaptation, type AdaptationInput } from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import type { TestTool } from '../../src/testing/tool.js';
import type { TestLaunch } from '../../src/testing/launch-session.js';

/** An HTTP answer with its parsed JSON body. */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls the tool with an optional bearer token and JSON body. */
export async function call(
  tool: TestTool,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${tool.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Asks for a code as `launch` and exchanges it, like the LMS UI and the extension do. */
export async function pair(tool: TestTool, launch: TestLaunch, deviceName = 'Chrome on a test machine') {
  const code = await call(tool, launch.token, 'POST', '/api/v1/pairing/codes');
  expect(code.status, JSON.stringify(code.body)).toBe(201);
  const ex = await call(tool, null, 'POST', '/api/v1/pairing/exchange', { code: code.body.code, deviceName });
  expect(ex.status, JSON.stringify(ex.body)).toBe(200);
  return TokenPairSchema.parse(ex.body);
}

/** A push change that stores `a` edited from `baseVersion` (null: new). */
export function upsert(a: Adaptation, baseVersion: number | null, idempotencyKey: string = randomUUID()) {
  return { op: 'upsert' as const, idempotencyKey, baseVersion, adaptation: a };
}

/** A push change that deletes `id`. */
export function remove(id: string, baseVersion: number | null, idempotencyKey: string = randomUUID()) {
  return { op: 'delete' as const, idempotencyKey, baseVersion, id };
}

/** A new adaptation (fresh id) with any field overridden. */
export function fresh(overrides: Partial<AdaptationInput> = {}): Adaptation {
  return makeAdaptation({ id: randomUUID(), version: 1, ...overrides });
}

/** Pushes changes with an access token; returns the results. */
export async function push(tool: TestTool, accessToken: string, changes: unknown[]): Promise<any[]> {
  const res = await call(tool, accessToken, 'POST', '/api/v1/sync/push', { changes });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results;
}

/** Pulls every page from `cursor` on; returns the changes in order and the final cursor. */
export async function pullAll(
  tool: TestTool,
  accessToken: string,
  cursor?: string,
  limit = 500,
): Promise<{ changes: any[]; cursor: string; pages: number }> {
  const changes: any[] = [];
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await call(tool, accessToken, 'GET', `/api/v1/sync/pull?${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    changes.push(...res.body.changes);
    cursor = res.body.cursor as string;
    pages++;
    if (!res.body.hasMore) return { changes, cursor, pages };
  }
}

/** Applies pulled changes to a map of id -> adaptation, as the extension's store would. */
export function applyPulled(store: Map<string, any>, changes: any[]): Map<string, any> {
  for (const c of changes) {
    if (c.op === 'upsert') store.set(c.adaptation.id, c.adaptation);
    else store.delete(c.id);
  }
  return store;
}
