import { randomUUID } from 'node:crypto';
import { TokenPairSchema, type Adaptation, type AdaptationInput } from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import type { TestTool } from '@margins/lti-tool/testing/tool';
import { callApi } from './lti-stack.js';

/**
 * What the extension does over HTTP, for end-to-end tests of the tool side: pair with a code made in
 * the LMS UI, push outbox changes, pull, look a page up. (The extension's own tests drive the real
 * extension in Chromium; these drive the same contract without it.)
 */
export type TokenPair = ReturnType<typeof TokenPairSchema.parse>;

/** Asks for a code with the LMS session and exchanges it as the extension would. */
export async function pairWithLaunch(tool: TestTool, sessionToken: string, deviceName = 'Chrome'): Promise<TokenPair> {
  const code = await callApi(tool, sessionToken, '/api/v1/pairing/codes', { method: 'POST' });
  if (code.status !== 201) throw new Error(`pairing code: ${code.status} ${JSON.stringify(code.body)}`);
  const res = await fetch(`${tool.url}/api/v1/pairing/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: code.body.code, deviceName }),
  });
  if (res.status !== 200) throw new Error(`exchange: ${res.status} ${await res.text()}`);
  return TokenPairSchema.parse(await res.json());
}

/** An adaptation as the extension creates it offline (fresh id, version 1). */
export function offlineAdaptation(overrides: Partial<AdaptationInput> = {}): Adaptation {
  return makeAdaptation({
    id: randomUUID(),
    version: 1,
    createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...overrides,
  });
}

/** One outbox change. */
export const upsertChange = (a: Adaptation, baseVersion: number | null, idempotencyKey: string = randomUUID()) => ({
  op: 'upsert' as const,
  idempotencyKey,
  baseVersion,
  adaptation: a,
});

/** Calls the extension API with an access token. */
export function ext(tool: TestTool, pair: TokenPair, path: string, init: RequestInit = {}) {
  return callApi(tool, pair.accessToken, path, init);
}

/** The adaptations `pair` sees on a page. */
export async function pageIds(tool: TestTool, pair: TokenPair, url: string): Promise<string[]> {
  const res = await ext(tool, pair, `/api/v1/pages/adaptations?url=${encodeURIComponent(url)}`);
  if (res.status !== 200) throw new Error(`page lookup: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.adaptations as { id: string }[]).map((a) => a.id);
}

/** Pulls everything from `cursor` on. */
export async function pullAll(
  tool: TestTool,
  pair: TokenPair,
  cursor?: string,
): Promise<{ changes: any[]; cursor: string }> {
  const changes: any[] = [];
  for (;;) {
    const res = await ext(tool, pair, `/api/v1/sync/pull${cursor ? `?cursor=${cursor}` : ''}`);
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`);
    changes.push(...res.body.changes);
    cursor = res.body.cursor;
    if (!res.body.hasMore) return { changes, cursor: cursor! };
  }
}
