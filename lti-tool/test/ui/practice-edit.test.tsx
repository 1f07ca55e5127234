// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SharedAdaptation } from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { PracticeEdit } from '../../src/ui/components/PracticeEdit.js';
import { setBootForTest } from '../../src/ui/request.js';
import { unsavedChanges } from '../../src/ui/unsaved.js';
import { fakeTool, type Sent } from './fake-tool.js';

const ID = '2f1c7a4e-8b6d-4e2a-9c3f-5d7e8a9b0c1d';
const practice = (over: Partial<SharedAdaptation> = {}): SharedAdaptation => ({
  ...makeAdaptation({
    id: ID,
    version: 3,
    body: 'Give sentence frames for the claim.',
    kinds: ['scaffolding'],
    visibility: 'district',
  }),
  authorVisible: true,
  endorsementCount: 0,
  feedbackCount: 0,
  outcomes: {},
  myEndorsement: null,
  mine: true,
  networkStatus: 'none',
  ...over,
});
const puts = (sent: Sent[]) => sent.filter((s) => s.method === 'PUT');
const settle = () => new Promise((r) => setTimeout(r, 50));

/** The author's edit form (issue 15, item 2), against the tool's HTTP edge. */
describe('PracticeEdit', () => {
  beforeEach(() => setBootForTest('launch-token'));
  afterEach(async () => {
    cleanup();
    await settle();
    vi.unstubAllGlobals();
  });

  it('shows what the shared schema refuses and sends nothing', async () => {
    const tool = fakeTool({});
    render(<PracticeEdit adaptation={practice()} onSaved={() => {}} onCancel={() => {}} />);
    fireEvent.input(screen.getByLabelText('The adaptation'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Scaffolding' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Check these before saving:');
    expect(screen.getAllByText('Choose at least one kind of adaptation.').length).toBeGreaterThan(0);
    expect(screen.getByLabelText('The adaptation').getAttribute('aria-invalid')).toBe('true');
    expect(tool.sent).toEqual([]);
  });

  it('counts as unsaved while it differs from the saved practice', async () => {
    fakeTool({});
    render(<PracticeEdit adaptation={practice()} onSaved={() => {}} onCancel={() => {}} />);
    expect(unsavedChanges()).toEqual([]);
    fireEvent.input(screen.getByLabelText('The adaptation'), { target: { value: 'Model a claim first.' } });
    await settle();
    expect(unsavedChanges()).toEqual(['your changes to this practice']);
    fireEvent.input(screen.getByLabelText('The adaptation'), {
      target: { value: 'Give sentence frames for the claim.' },
    });
    await settle();
    expect(unsavedChanges()).toEqual([]);
  });

  it('marks a possible student detail in a shared text, and saves anyway only when asked', async () => {
    const text = 'Write to jo@example.org first.';
    const tool = fakeTool({
      'POST /api/v1/privacy/check': () => ({
        body: { findings: [{ field: 'body', index: 9, length: 14, kind: 'email', source: 'detector' }] },
      }),
      'PUT /api/v1/library/:id': (req) => ({ body: practice({ ...(req.body as object), version: 4 }) }),
    });
    const onSaved = vi.fn();
    render(<PracticeEdit adaptation={practice()} onSaved={onSaved} onCancel={() => {}} />);
    fireEvent.input(screen.getByLabelText('The adaptation'), { target: { value: text } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const mark = await screen.findByText('jo@example.org');
    expect(mark.tagName).toBe('MARK');
    expect(puts(tool.sent)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(puts(tool.sent)).toHaveLength(1);
    expect(puts(tool.sent)[0]!.body).toMatchObject({ baseVersion: 3, body: text, privacyAcknowledged: true });
  });

  it('on a conflict shows the saved version, keeps her text, and saves over it from that version', async () => {
    const current = practice({ version: 5, body: 'Changed in the extension.' });
    let answered = 0;
    const tool = fakeTool({
      'PUT /api/v1/library/:id': (req) =>
        answered++ === 0
          ? { status: 409, body: { error: { code: 'conflict', message: 'Changed.' }, current } }
          : { body: practice({ ...(req.body as object), version: 6 }) },
    });
    const onSaved = vi.fn();
    render(<PracticeEdit adaptation={practice()} onSaved={onSaved} onCancel={() => {}} />);
    fireEvent.input(screen.getByLabelText('The adaptation'), { target: { value: 'My own words.' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Only me' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Changed in the extension.');
    expect(screen.getByLabelText<HTMLTextAreaElement>('The adaptation').value).toBe('My own words.');
    expect(onSaved).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Save my version over it' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(puts(tool.sent).map((s) => (s.body as { baseVersion: number }).baseVersion)).toEqual([3, 5]);
    expect(puts(tool.sent)[1]!.body).toMatchObject({ body: 'My own words.', visibility: 'private' });
    // A private practice is not checked: nothing went to the privacy check.
    expect(tool.sent.some((s) => s.path === '/api/v1/privacy/check')).toBe(false);
  });

  it('"Use the saved version" puts the saved text in the form', async () => {
    const current = practice({ version: 5, body: 'Changed in the extension.' });
    fakeTool({
      'POST /api/v1/privacy/check': () => ({ body: { findings: [] } }),
      'PUT /api/v1/library/:id': () => ({ status: 409, body: { error: { code: 'conflict', message: 'x' }, current } }),
    });
    render(<PracticeEdit adaptation={practice()} onSaved={() => {}} onCancel={() => {}} />);
    fireEvent.input(screen.getByLabelText('The adaptation'), { target: { value: 'Mine.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Use the saved version' }));
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLTextAreaElement>('The adaptation').value).toBe('Changed in the extension.'),
    );
    await settle();
    expect(unsavedChanges()).toEqual([]);
  });
});
