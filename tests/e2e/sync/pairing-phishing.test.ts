import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../../support/chromium.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const TARGET = {
  quote: {
    type: 'TextQuoteSelector' as const,
    exact: 'unlike denominators',
    prefix: 'Students add fractions with ',
    suffix: ' using area models',
  },
};
const content = (body: string, visibility: string) => ({
  kinds: ['pacing'],
  body,
  rationale: '',
  audience: { gradeBands: [], subjects: [], learnerNeeds: [] },
  visibility,
});

/**
 * A site that is not the district's Margins (issue 12, item 5). It serves a page that opens the
 * extension's pair.html, and answers the Margins API itself, pretending to be the teacher's district,
 * recording every adaptation it receives.
 */
async function startHostileSite() {
  const received: { id: string; body: string; visibility: string }[] = [];
  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const json = (status: number, body: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/win-a-prize')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Prize</h1>');
      if (path === '/api/v1/pairing/preview')
        return json(200, {
          tenant: { name: 'Riverside Unified School District' },
          user: { name: 'Ana Lima' },
          course: null,
          expiresAt: new Date(Date.now() + 300_000).toISOString(),
        });
      if (path === '/api/v1/pairing/exchange')
        return json(200, {
          accessToken: 'mga1.hostile.1.mac',
          refreshToken: 'mgr1.hostile',
          expiresIn: 600,
          deviceId: randomUUID(),
          user: { id: 'user-ana', name: 'Ana Lima' },
          tenant: { id: 'tenant-riverside', name: 'Riverside Unified School District' },
          course: null,
        });
      if (path === '/api/v1/sync/pull') return json(200, { changes: [], cursor: 'c1', hasMore: false });
      if (path === '/api/v1/sync/push') {
        const changes = (JSON.parse(raw) as { changes: { idempotencyKey: string; adaptation?: any }[] }).changes;
        for (const c of changes)
          if (c.adaptation)
            received.push({ id: c.adaptation.id, body: c.adaptation.body, visibility: c.adaptation.visibility });
        return json(200, {
          results: changes.map((c) => ({
            idempotencyKey: c.idempotencyKey,
            status: 'applied',
            current: c.adaptation ? { ...c.adaptation, version: 1 } : null,
          })),
        });
      }
      json(404, { error: { code: 'not_found', message: 'Nothing here.' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** From `page`, opens pair.html and answers its question with `toolUrl` and `code`, as a hostile page would. */
async function openPairFrom(page: Page, extensionId: string, toolUrl: string, code: string): Promise<Page> {
  const opened = page.context().waitForEvent('page');
  await page.evaluate(
    ([id, tool, c]) => {
      const w = window.open(`chrome-extension://${id}/pair.html`, '_blank');
      window.addEventListener('message', (e) => {
        if (e.source === w && (e.data as { type?: string })?.type === 'margins:pair-ready')
          w!.postMessage({ type: 'margins:pair-code', toolUrl: tool, code: c }, '*');
      });
    },
    [extensionId, toolUrl, code] as const,
  );
  return opened;
}

describe.skipIf(!chromiumAvailable())(
  'the pairing page against other web sites, in Chromium',
  { timeout: 180_000 },
  () => {
    let world: SyncWorld;
    let hostile: Awaited<ReturnType<typeof startHostileSite>>;
    beforeAll(async () => {
      world = await startWorld();
      hostile = await startHostileSite();
    }, 180_000);
    afterAll(async () => {
      await world?.stop();
      await hostile?.close();
    });

    it("refuses a connection that a page on another site starts with the district's real address and a real code, and spends nothing", async () => {
      const ana: TeacherBrowser = await world.browser();
      // The attacker's own, valid code for the real district: connecting would make Ana work as Ben.
      const { code, toolUrl } = await world.code('ben');
      const page = await ana.ext.context.newPage();
      await page.goto(`${hostile.origin}/win-a-prize`);

      // The handshake, answered by the other site: refused, said, and no question to confirm.
      const pair = await openPairFrom(page, ana.ext.extensionId, toolUrl, code);
      await pair
        .getByRole('alert')
        .filter({ hasText: `A page at ${hostile.origin} tried to connect this browser to ${toolUrl}.` })
        .waitFor();
      expect(await pair.getByRole('heading', { name: /^Connect this browser to/ }).count()).toBe(0);
      expect(await pair.getByRole('button', { name: 'Connect', exact: true }).count()).toBe(0);
      expect(await pair.getByLabel('Margins address').inputValue()).toBe('');

      // The old one-click link (address and code in the fragment) does nothing either.
      const opened = ana.ext.context.waitForEvent('page');
      await page.evaluate(
        ([id, fragment]) => void window.open(`chrome-extension://${id}/pair.html#${fragment}`, '_blank'),
        [ana.ext.extensionId, new URLSearchParams({ tool: toolUrl, code }).toString()] as const,
      );
      const linked = await opened;
      await linked.getByRole('heading', { name: 'Connect to your district' }).waitFor();
      expect(new URL(linked.url()).hash).toBe('');
      expect(await linked.getByLabel('Margins address').inputValue()).toBe('');
      expect(await linked.getByLabel('Connection code').inputValue()).toBe('');
      expect(await linked.getByRole('heading', { name: /^Connect this browser to/ }).count()).toBe(0);

      // Nothing was spent or connected.
      expect(await ana.command({ type: 'getSyncStatus' })).toMatchObject({
        ok: true,
        value: { state: 'not-connected' },
      });
      const still = await fetch(`${toolUrl}/api/v1/pairing/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect(still.status).toBe(200);
      expect(await world.tool.services.db.knex('devices').count({ n: '*' }).first()).toMatchObject({ n: 0 });
      await ana.close();
    });

    it('shows a look-alike site its own address and sends it no private adaptation unless the teacher chooses to', async () => {
      const ana = await world.browser();
      for (const [body, visibility] of [
        ['Shared with my district.', 'district'],
        ['Only for me: notes about a student.', 'private'],
      ] as const) {
        const saved = await ana.command({
          type: 'saveAdaptation',
          pageUrl: world.lessonUrl,
          pageTitle: 'Lesson 3',
          target: TARGET,
          content: content(body, visibility),
        });
        expect(saved.ok).toBe(true);
      }
      const page = await ana.ext.context.newPage();
      await page.goto(`${hostile.origin}/win-a-prize`);
      // The site names its own address (the one thing it cannot fake), and pretends to be the district.
      const pair = await openPairFrom(page, ana.ext.extensionId, hostile.origin, 'ABCD-EFGH');
      await pair
        .getByRole('heading', { name: 'Connect this browser to Riverside Unified School District as Ana Lima?' })
        .waitFor();
      expect(await pair.locator('.pair-address strong').textContent()).toBe(hostile.origin);
      await pair.getByText('This browser has never been connected to this address.', { exact: false }).waitFor();
      await pair.getByText('1 adaptation you shared with colleagues, and what you share from now on.').waitFor();
      await pair.getByText('Your 1 private (“Only me”) adaptation stays in this browser.').waitFor();
      const choice = pair.getByLabel(/Also keep my private adaptations at this address/);
      expect(await choice.isChecked()).toBe(false);

      // A teacher who connects anyway: the private adaptation never leaves the browser.
      await pair.getByRole('button', { name: 'Connect', exact: true }).click();
      await pair.getByRole('heading', { name: /^Connected to / }).waitFor();
      await eventually(async () => hostile.received.length > 0, 'the push to the site');
      await eventually(async () => {
        const s = await ana.command<{ pending: number; state: string }>({ type: 'getSyncStatus' });
        return s.ok && s.value.pending === 0 && s.value.state === 'synced';
      }, 'the outbox to drain');
      expect(hostile.received.map((r) => r.body)).toEqual(['Shared with my district.']);
      expect(JSON.stringify(hostile.received)).not.toContain('Only for me');
      const rows = await ana.readStore<{ adaptation: { body: string } }>('adaptations');
      expect(rows.map((r) => r.adaptation.body).sort()).toEqual([
        'Only for me: notes about a student.',
        'Shared with my district.',
      ]);
      await ana.close();
    });
  },
);
