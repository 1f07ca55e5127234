import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSaver } from '../src/annotator/draft-saver.js';
import type { Draft } from '../src/protocol/views.js';
import { DRAFT_MAX_AGE_MS } from '../src/background/draft-service.js';
import { makeBackground, PAGE } from './support.js';

const draft = (body: string): Draft => ({
  key: 'k',
  pageUrl: PAGE,
  updatedAt: '',
  fields: {
    kinds: [],
    body,
    rationale: '',
    gradeBands: [],
    subjects: [],
    learnerNeeds: [],
    outcome: '',
    evidenceNote: '',
  },
});

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves after a pause in typing', async () => {
    const saved: string[] = [];
    const saver = new DraftSaver(async (d) => saved.push(d.fields.body));
    saver.schedule(draft('a'));
    saver.schedule(draft('ab'));
    await vi.advanceTimersByTimeAsync(299);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['ab']);
  });

  it('saves at least once a second while the teacher keeps typing, so a crash loses at most a second', async () => {
    const saved: string[] = [];
    const saver = new DraftSaver(async (d) => saved.push(d.fields.body));
    let text = '';
    for (let ms = 0; ms < 3_000; ms += 100) {
      text += 'x';
      saver.schedule(draft(text));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saved.length).toBeGreaterThanOrEqual(3);
    // The newest save is never more than a second behind what was typed.
    expect(text.length - saved[saved.length - 1]!.length).toBeLessThanOrEqual(10);
  });

  it('saves at once when flushed and not at all when cancelled', async () => {
    const saved: string[] = [];
    const saver = new DraftSaver(async (d) => saved.push(d.fields.body));
    saver.schedule(draft('closing the tab'));
    await saver.flush();
    expect(saved).toEqual(['closing the tab']);
    saver.schedule(draft('saved for real'));
    saver.cancel();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saved).toEqual(['closing the tab']);
  });
});

describe('DraftService', () => {
  it('keeps drafts per page and prunes the ones nobody came back to', async () => {
    const { drafts, db } = makeBackground();
    await drafts.save({ ...draft('recent'), key: 'a' });
    await db.drafts.put({
      ...draft('old'),
      key: 'b',
      updatedAt: new Date(Date.parse('2026-10-01T09:00:00Z') - DRAFT_MAX_AGE_MS - 1).toISOString(),
    });
    expect((await drafts.forPage(`${PAGE}#frag`)).map((d) => d.key).sort()).toEqual(['a', 'b']);
    expect(await drafts.prune()).toBe(1);
    expect((await drafts.forPage(PAGE)).map((d) => d.key)).toEqual(['a']);
  });
});
