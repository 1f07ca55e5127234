// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followHover } from '../src/annotator/hover.js';
import { initialState } from '../src/annotator/state.js';
import { Store } from '../src/annotator/store.js';

/** The hover over highlights, with animation frames run by hand (a slow frame is one run late). */
describe('hovering a highlight', () => {
  afterEach(() => vi.useRealTimers());

  function setUp() {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    const store = new Store({ ...initialState(), markers: [{ id: 'a1', top: 0, left: 0 }] });
    // One highlight, in the box 100..200 x 100..120.
    const idsAt = vi.fn((x: number, y: number) => (x >= 100 && x <= 200 && y >= 100 && y <= 120 ? ['a1'] : []));
    followHover(window, store, { idsAt }, { overNote: false });
    const move = (x: number, y: number) =>
      document.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y }));
    const runFrames = () => frames.splice(0).forEach((cb) => cb(0));
    return { store, idsAt, move, runFrames };
  }

  it('opens the note for where the pointer is when the frame runs, not where the frame was asked for', () => {
    const { store, idsAt, move, runFrames } = setUp();
    move(5, 600);
    move(150, 110);
    runFrames();
    expect(idsAt).toHaveBeenCalledTimes(1);
    expect(idsAt).toHaveBeenLastCalledWith(150, 110);
    expect(store.get().note).toEqual({ id: 'a1', pinned: false });
  });

  it('closes an unpinned note shortly after the pointer leaves, and keeps a pinned one', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, move, runFrames } = setUp();
    move(150, 110);
    runFrames();
    move(400, 400);
    runFrames();
    expect(store.get().note).not.toBeNull();
    vi.advanceTimersByTime(300);
    expect(store.get().note).toBeNull();

    store.set({ note: { id: 'a1', pinned: true } });
    move(400, 410);
    runFrames();
    vi.advanceTimersByTime(300);
    expect(store.get().note).toEqual({ id: 'a1', pinned: true });
  });
});
