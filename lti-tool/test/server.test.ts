import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/http/logger.js';
import { startServer } from '../src/server.js';

describe('the server', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'margins-srv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs structured JSON lines without query strings, answers health, and stops gracefully', async () => {
    const lines: string[] = [];
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dir, MARGINS_SECRET: 's'.repeat(40) });
    const running = await startServer(
      config,
      createLogger('info', { service: 'margins-lti' }, (l) => lines.push(l)),
    );
    const health = await fetch(`${running.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok', version: expect.any(String) });
    await fetch(`${running.url}/lti/register?install_code=SECRET-CODE&openid_configuration=http://127.0.0.1:1/x`);
    await running.stop();
    await running.stop(); // idempotent
    expect(running.server.listening).toBe(false);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      entries.some(
        (e) => e.msg === 'request' && e.path === '/health' && e.status === 200 && typeof e.requestId === 'string',
      ),
    ).toBe(true);
    expect(lines.join('\n')).not.toContain('SECRET-CODE');
  });

  it('reports the database as down with 503', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dir,
      MARGINS_SECRET: 's'.repeat(40),
      LOG_LEVEL: 'silent',
    });
    const running = await startServer(config);
    await running.tool.services.db.close();
    const res = await fetch(`${running.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', database: 'down' });
    running.server.closeAllConnections();
    await new Promise<void>((r) => running.server.close(() => r()));
    await running.tool.close().catch(() => {});
  });

  it('rate-limits a flood from one address with 429 and Retry-After', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dir,
      MARGINS_SECRET: 's'.repeat(40),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '10',
    });
    const running = await startServer(config);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(`${running.url}/lti/canvas.json`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    const limited = await fetch(`${running.url}/lti/canvas.json`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await running.stop();
  });
});
