// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageAdaptation } from '../src/protocol/views.js';
import { preactSettled } from './preact-settle.js';
import { CONTENT } from './support.js';

/** What the panel asks the background and the page, answered by hand (one answer held back). */
const client = vi.hoisted(() => ({
  list: [] as ((value: unknown) => void)[],
  statuses: { status: 'orphan', reason: 'not-found' },
}));
vi.mock('../src/protocol/client.js', () => ({
  sendCommand: vi.fn((command: { type: string }) =>
    command.type === 'listPageAdaptations'
      ? new Promise((resolve) => client.list.push(resolve))
      : Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'not in this test' } }),
  ),
  sendToAnnotator: vi.fn(async () => ({
    ok: true,
    value: { pageUrl: PAGE, statuses: { [ID]: client.statuses } },
  })),
}));

const PAGE = 'https://curriculum.example.org/lesson-3';
const ID = '0b0e9c8e-52c3-4e0e-9a37-6d8c0f0e2a11';
const adaptation = {
  id: ID,
  version: 1,
  updatedAt: '2026-10-01T09:00:00.000Z',
  target: { quote: { type: 'TextQuoteSelector', exact: 'unlike denominators', prefix: '', suffix: '' } },
  ...CONTENT,
} as PageAdaptation;
const answerList = () => client.list.shift()!({ ok: true, value: { adaptations: [adaptation], colleagues: [] } });

describe("the side panel's list of adaptations not found on the page", () => {
  afterEach(async () => {
    cleanup();
    await preactSettled();
  });

  it("keeps the page's latest report over a status answer that was asked for before it (a re-attach under load)", async () => {
    const { ThisPage } = await import('../src/panel/ThisPage.js');
    render(<ThisPage tab={{ id: 7, url: PAGE, title: 'Lesson 3' }} notify={() => undefined} />);
    await vi.waitFor(() => expect(client.list).toHaveLength(1));
    answerList();
    await screen.findByRole('heading', { name: 'Not found on this page' });

    // Re-attached: the background says the list changed; the panel reloads, and the page, still
    // redrawing, answers with the old status; then the page reports where it drew it.
    void (await fakeBrowser.runtime.onMessage.trigger(
      { type: 'adaptationsChanged', pageUrl: PAGE },
      {},
      () => undefined,
    ));
    await vi.waitFor(() => expect(client.list).toHaveLength(1));
    void (await fakeBrowser.runtime.onMessage.trigger(
      {
        type: 'anchorsReported',
        pageUrl: PAGE,
        statuses: { [ID]: { status: 'anchored' } },
      },
      {},
      () => undefined,
    ));
    answerList();
    await vi.waitFor(() => expect(screen.queryByRole('status')?.textContent).toContain('1 adaptation'));
    await preactSettled();
    expect(screen.queryByRole('heading', { name: 'Not found on this page' })).toBeNull();
  });
});
