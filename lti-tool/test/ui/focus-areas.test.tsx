// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FocusAreas } from '../../src/ui/components/FocusAreas.js';
import { setBootForTest } from '../../src/ui/request.js';
import { fakeTool } from './fake-tool.js';

const ID = '7d1c7a4e-8b6d-4e2a-9c3f-5d7e8a9b0c1d';
const area = (title: string, description = '') => ({
  id: ID,
  title,
  description,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
  collectionCount: 2,
});
const byId = (id: string) => document.getElementById(id) as HTMLInputElement;
const submitOf = (id: string) => fireEvent.submit(byId(id).closest('form')!);

/** The coaches' focus areas (issue 15, item 10): the form's calls go through the contract's checks. */
describe('FocusAreas', () => {
  beforeEach(() => setBootForTest('launch-token'));
  afterEach(async () => {
    cleanup();
    await new Promise((r) => setTimeout(r, 50));
    vi.unstubAllGlobals();
  });

  it('refuses an empty title at the field, before anything is sent', async () => {
    const tool = fakeTool({ 'GET /api/v1/coach/focus-areas': () => ({ body: { focusAreas: [] } }) });
    render(<FocusAreas focusHeading={false} />);
    await waitFor(() => expect(tool.sent).toHaveLength(1));
    fireEvent.input(byId('fa-new-title'), { target: { value: '' } });
    submitOf('fa-new-title');
    await waitFor(() => expect(byId('fa-new-title').getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('fa-new-title-err')?.textContent).toBeTruthy();
    expect(tool.sent.filter((s) => s.method !== 'GET')).toEqual([]);
  });

  it('adds a focus area, then renames it, and shows the list the tool answers', async () => {
    let list: ReturnType<typeof area>[] = [];
    const tool = fakeTool({
      'GET /api/v1/coach/focus-areas': () => ({ body: { focusAreas: list } }),
      'POST /api/v1/coach/focus-areas': (req) => {
        const b = req.body as { title: string; description: string };
        list = [area(b.title, b.description)];
        return { status: 201, body: list[0] };
      },
      'PATCH /api/v1/coach/focus-areas/:id': (req) => {
        const b = req.body as { title: string; description: string };
        list = [area(b.title, b.description)];
        return { body: list[0] };
      },
    });
    render(<FocusAreas focusHeading={false} />);
    fireEvent.input(byId('fa-new-title'), { target: { value: 'Academic language' } });
    fireEvent.input(byId('fa-new-desc'), { target: { value: 'In every lesson.' } });
    submitOf('fa-new-title');
    await screen.findByText('In every lesson.');
    expect(byId('fa-new-title').value).toBe('');
    fireEvent.click(byId(`fa-editbtn-${ID}`));
    fireEvent.input(byId(`fa-edit-${ID}-title`), { target: { value: 'Academic talk' } });
    submitOf(`fa-edit-${ID}-title`);
    await waitFor(() => expect(document.querySelector('.row-title')?.textContent).toBe('Academic talk'));
    expect(tool.sent.filter((s) => s.method !== 'GET').map((s) => [s.method, s.path, s.body])).toEqual([
      ['POST', '/api/v1/coach/focus-areas', { title: 'Academic language', description: 'In every lesson.' }],
      ['PATCH', `/api/v1/coach/focus-areas/${ID}`, { title: 'Academic talk', description: 'In every lesson.' }],
    ]);
  });
});
