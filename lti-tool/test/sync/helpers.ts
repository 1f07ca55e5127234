import { expect } from 'vitest';
import { TokenPairSchema } from '@margins/shared';
import type { TestTool } from '../../src/testing/tool.js';
import type { TestLaunch } from '../../src/testing/launch-session.js';

/** An HTTP answer with its parsed JSON body. */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls the tool with an optional bearer token and JSON body. */
export async function call(tool: TestTool, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${tool.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
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
