// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://curriculum.example.org/grade-5/fractions/lesson-3"}
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preactSettled } from './preact-settle.js';
import { AnnotatorController, type Send } from '../src/annotator/controller.js';
import { PageAnchors } from '../src/annotator/page-anchors.js';
import { initialState, type AnnotatorState } from '../src/annotator/state.js';
import { Store } from '../src/annotator/store.js';
import { NoteMarker } from '../src/annotator/ui/NoteMarker.js';
import type { PageAdaptation } from '../src/protocol/views.js';
import { parseAnnotatorMessage } from '../src/protocol/page-messages.js';
import { CONTENT, fromPage, makeBackground, PAGE } from './support.js';

/** Issue 18: a passage found only approximately is shown as changed, and can be confirmed or re-attached. */

const LESSON = (verb: string) =>
  `<main><h1>Lesson 3</h1><p id="launch">Students ${verb} fractions with unlike denominators using area models and fraction strips.</p>` +
  '<p id="exit">Close with an exit ticket: 1/2 + 1/3, with a drawing that shows the common unit.</p></main>';

/** The annotator's controller on this document, talking to a real background through its router. */
function annotator() {
  const bg = makeBackground();
  const send = (async (command) => bg.router.handle(command, fromPage(PAGE))) as Send;
  const store = new Store<AnnotatorState>(initialState());
  const anchors = new PageAnchors(document, () => undefined);
  const controller = new AnnotatorController({
    doc: document,
    store,
    anchors,
    send,
    report: () => undefined,
    isOwnNode: () => false,
  });
  return { bg, send, store, anchors, controller };
}

function select(id: string, text: string): Range {
  const node = document.getElementById(id)!.firstChild as Text;
  const range = document.createRange();
  range.setStart(node, node.data.indexOf(text));
  range.setEnd(node, node.data.indexOf(text) + text.length);
  const sel = document.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
  return range;
}

/** Saves an adaptation on `text` through the background, as the form would. */
async function adapt(a: ReturnType<typeof annotator>, id: string, text: string): Promise<string> {
  const saved = await a.send({
    type: 'saveAdaptation',
    pageUrl: PAGE,
    pageTitle: 'Lesson 3',
    target: a.anchors.describe(select(id, text)),
    content: CONTENT,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value.id;
}

afterEach(async () => {
  cleanup();
  await preactSettled();
  document.body.innerHTML = '';
});

describe('a passage whose words changed', () => {
  it('is reported as changed when found only approximately, and exact again once confirmed', async () => {
    document.body.innerHTML = LESSON('add');
    const a = annotator();
    const id = await adapt(a, 'launch', 'Students add fractions with unlike denominators');
    await a.controller.load();
    expect(a.store.get().statuses[id]).toEqual({ status: 'anchored' });

    // The publisher fixed a word in the passage.
    document.body.innerHTML = LESSON('combine');
    await a.controller.load();
    expect(a.store.get().statuses[id]).toEqual({ status: 'anchored', changed: true });

    const result = await a.controller.confirmAnchor(id);
    expect(result).toEqual({ ok: true, value: { confirmed: true } });
    const stored = await a.bg.adaptations.get(id);
    expect(stored.target.quote.exact).toBe('Students combine fractions with unlike denominators');
    expect(a.store.get().statuses[id]).toEqual({ status: 'anchored' });
    expect(a.store.get().toast?.message).toBe('Passage confirmed. Margins will find it exactly next time.');
    a.anchors.destroy();
  });

  it('moves to the selected text when re-attached from the note, and says what to do when nothing is selected', async () => {
    document.body.innerHTML = LESSON('add');
    const a = annotator();
    const id = await adapt(a, 'launch', 'Students add fractions with unlike denominators');
    document.body.innerHTML = LESSON('combine');
    await a.controller.load();
    document.getSelection()!.removeAllRanges();
    expect((await a.controller.reattachToSelection(id)).ok).toBe(false);
    expect(a.store.get().toast?.message).toBe('Select the new passage on the page first.');

    select('exit', 'exit ticket');
    expect((await a.controller.reattachToSelection(id)).ok).toBe(true);
    expect((await a.bg.adaptations.get(id)).target.quote.exact).toBe('exit ticket');
    expect(a.anchors.rangeOf(id)?.toString()).toBe('exit ticket');
    expect(a.store.get().statuses[id]).toEqual({ status: 'anchored' });
    a.anchors.destroy();
  });

  it('refuses to confirm an adaptation that is not drawn on the page', async () => {
    document.body.innerHTML = LESSON('add');
    const a = annotator();
    const id = await adapt(a, 'launch', 'unlike denominators');
    document.body.innerHTML = '<main><p>Nothing of the lesson is left.</p></main>';
    await a.controller.load();
    expect(a.store.get().statuses[id]).toMatchObject({ status: 'orphan' });
    expect(await a.controller.confirmAnchor(id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    a.anchors.destroy();
  });

  it('accepts the panel\'s "confirm" message for a well-formed id only', () => {
    const id = crypto.randomUUID();
    expect(parseAnnotatorMessage({ type: 'confirmAnchor', id })).toEqual({ type: 'confirmAnchor', id });
    expect(parseAnnotatorMessage({ type: 'confirmAnchor', id: '<script>' })).toBeNull();
    expect(parseAnnotatorMessage({ type: 'confirmAnchor' })).toBeNull();
  });
});

describe('the note of a changed passage', () => {
  const adaptation = {
    id: crypto.randomUUID(),
    version: 1,
    updatedAt: '2026-10-01T09:00:00.000Z',
    target: { quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' } },
    ...CONTENT,
  } as PageAdaptation;
  const props = {
    position: { id: adaptation.id, top: 10, left: 10 },
    adaptation,
    open: true,
    pinned: true,
    onOpen: () => undefined,
    onClose: () => undefined,
    onHover: () => undefined,
    onEdit: () => undefined,
    onDelete: () => undefined,
  };

  it('says the passage changed, with labelled buttons to confirm it or re-attach it', async () => {
    const onConfirm = vi.fn(async () => undefined);
    const onReattach = vi.fn(async () => undefined);
    render(<NoteMarker {...props} changed onConfirm={onConfirm} onReattach={onReattach} />);
    expect(screen.getByRole('button', { name: 'Adaptation, passage changed: Scaffolding' })).toBeTruthy();
    const notice = screen.getByRole('group', { name: 'This passage changed; check it.' });
    expect(notice.textContent).toContain('Margins found it by similar words.');
    fireEvent.click(screen.getByRole('button', { name: 'Confirm this passage' }));
    fireEvent.click(screen.getByRole('button', { name: 'Re-attach to selected text' }));
    await vi.waitFor(() => expect(onReattach).toHaveBeenCalledOnce());
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('shows neither the notice nor its buttons when the passage was found as it was', () => {
    render(<NoteMarker {...props} />);
    expect(screen.getByRole('button', { name: 'Adaptation: Scaffolding' })).toBeTruthy();
    expect(screen.queryByText('This passage changed; check it.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Confirm this passage' })).toBeNull();
  });
});
