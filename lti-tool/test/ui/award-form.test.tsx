// @vitest-environment jsdom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwardForm } from '../../src/ui/components/AwardForm.js';
import { setBootForTest } from '../../src/ui/request.js';
import { fakeTool } from './fake-tool.js';

const ANA = { userId: 'u-ana', name: 'Ana Lima', email: null };
const CONFIRM = 'a'.repeat(64);
const el = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

/** Chooses Ana as the recipient through the person picker, as a coach does. */
async function chooseAna() {
  fireEvent.input(el('#cr-recipient-q'), { target: { value: 'Ana' } });
  fireEvent.keyDown(el('#cr-recipient-q'), { key: 'Enter' });
  await waitFor(() => expect(document.querySelector('ul.plain button')).not.toBeNull());
  fireEvent.click(el('ul.plain button'));
}

/** The coach's award (issue 16 and issue 15 item 10): preview first, marks refused words, signs what was previewed. */
describe('AwardForm', () => {
  beforeEach(() => setBootForTest('launch-token'));
  afterEach(async () => {
    cleanup();
    await new Promise((r) => setTimeout(r, 50));
    vi.unstubAllGlobals();
  });

  it("marks the words the tool's privacy check refused, in the coach's own text", async () => {
    const citation = 'Helped Maria Lopez write her first argument.';
    fakeTool({
      'GET /api/v1/coach/people': () => ({ body: { people: [ANA] } }),
      'POST /api/v1/coach/recognition/preview': () => ({
        status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: 'Remove the marked words.',
            issues: [{ path: 'privacy.citation', message: 'Characters 8–18 are the name of a learner: remove them.' }],
          },
        },
      }),
    });
    render(<AwardForm onAwarded={() => {}} />);
    await chooseAna();
    fireEvent.input(el('#cr-title'), { target: { value: 'Argument writing' } });
    fireEvent.input(el('#cr-citation'), { target: { value: citation } });
    fireEvent.submit(el('#cr-title').closest('form')!);
    await waitFor(() => expect(document.querySelector('.privacy-marks mark')?.textContent).toBe('Maria Lopez'));
    expect(el('#cr-citation').getAttribute('aria-invalid')).toBe('true');
  });

  it('signs exactly the previewed text, and a change drops the preview', async () => {
    const tool = fakeTool({
      'GET /api/v1/coach/people': () => ({ body: { people: [ANA] } }),
      'POST /api/v1/coach/recognition/preview': (req) => {
        const b = req.body as { title: string; citation: string };
        return {
          body: {
            name: b.title,
            description: 'Recognised by a coach.',
            criteria: 'A coach recognised this work.',
            citation: b.citation,
            issuerName: 'Riverside USD',
            recipientName: 'Ana Lima',
            confirmation: CONFIRM,
          },
        };
      },
      'POST /api/v1/coach/recognition': () => ({
        status: 403,
        body: { error: { code: 'forbidden', message: 'Not in this test.' } },
      }),
    });
    render(<AwardForm onAwarded={() => {}} />);
    await chooseAna();
    fireEvent.input(el('#cr-title'), { target: { value: 'Argument writing' } });
    fireEvent.input(el('#cr-citation'), { target: { value: 'Her unit plan raised every draft.' } });
    fireEvent.submit(el('#cr-title').closest('form')!);
    await waitFor(() => expect(el('.award-preview .citation').textContent).toBe('Her unit plan raised every draft.'));
    fireEvent.input(el('#cr-citation'), { target: { value: 'Changed after the preview.' } });
    expect(document.querySelector('.award-preview')).toBeNull();
    fireEvent.submit(el('#cr-title').closest('form')!);
    await waitFor(() => expect(el('.award-preview .citation').textContent).toBe('Changed after the preview.'));
    fireEvent.click(el('.award-preview button.primary'));
    await waitFor(() => expect(tool.sent.some((s) => s.path === '/api/v1/coach/recognition')).toBe(true));
    expect(tool.sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([
      { recipientId: 'u-ana', title: 'Argument writing', citation: 'Her unit plan raised every draft.' },
      { recipientId: 'u-ana', title: 'Argument writing', citation: 'Changed after the preview.' },
      {
        recipientId: 'u-ana',
        title: 'Argument writing',
        citation: 'Changed after the preview.',
        confirmedPreview: CONFIRM,
      },
    ]);
  });
});
