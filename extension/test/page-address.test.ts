// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://curriculum.example.org/grade-5/fractions/lesson-3?unit=2"}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnnotatorController, type Send } from '../src/annotator/controller.js';
import { PageAnchors } from '../src/annotator/page-anchors.js';
import { emptyFields, initialState, type AnnotatorState } from '../src/annotator/state.js';
import { Store } from '../src/annotator/store.js';

/**
 * Issue 13: in Firefox, working out the page's address threw inside the content script and the
 * annotator went on with an empty address, so every save failed with "pageUrl: Too small".
 * Whatever breaks it next, the teacher is told and the console has the cause.
 */

/** A page `URL` whose query parameters cannot be read (as a content-script wrapper might refuse). */
class BrokenURL extends URL {
  override get searchParams(): URLSearchParams {
    throw new TypeError('searchParams is not reachable from here');
  }
}

function annotator() {
  const send = vi.fn(async () => ({ ok: true, value: {} })) as unknown as Send & ReturnType<typeof vi.fn>;
  const store = new Store<AnnotatorState>(initialState());
  const controller = new AnnotatorController({
    doc: document,
    store,
    anchors: new PageAnchors(document, () => undefined),
    send,
    report: () => undefined,
    isOwnNode: () => false,
  });
  return { send, store, controller };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the page's address", () => {
  it('is the canonical address when it can be worked out', () => {
    expect(annotator().controller.pageUrl()).toBe('https://curriculum.example.org/grade-5/fractions/lesson-3?unit=2');
  });

  it('is an error the teacher sees and the console records when it cannot be worked out, once per address', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubGlobal('URL', BrokenURL);
    const a = annotator();

    expect(a.controller.pageUrl()).toBe('');
    expect(a.store.get().toast?.message).toMatch(
      /could not work out this page's address.*searchParams is not reachable/,
    );
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/could not work out the address/);

    await a.controller.load();
    a.controller.pageUrl();
    expect(logged).toHaveBeenCalledTimes(1);
    expect(a.send).not.toHaveBeenCalled();
  });

  it('stops a save before it reaches the background, with the reason instead of "pageUrl: Too small"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubGlobal('URL', BrokenURL);
    const a = annotator();
    a.store.set({
      form: {
        mode: 'new',
        target: { quote: { type: 'TextQuoteSelector', exact: 'Lesson', prefix: '', suffix: '' } },
        draftKey: 'k',
        initial: emptyFields(),
        openCount: 1,
      },
    });
    const result = await a.controller.save(emptyFields());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_url');
      expect(result.error.message).toMatch(/could not work out this page's address/);
    }
    expect(a.send).not.toHaveBeenCalled();
  });
});
