import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, coachApi, metricsApi } from '@margins/shared';
import { ApiError, request } from '../../src/ui/request.js';
import { setBootForTest } from '../../src/ui/request.js';
import { fakeTool } from './fake-tool.js';

/** The LMS UI's one caller (issue 15, item 10): everything about a call comes from the contract entry. */
describe('request() over the shared contract', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setBootForTest(null);
  });

  it('derives method, path and query from the entry, leaves out unset filters and reads the answer', async () => {
    setBootForTest('launch-token');
    const tool = fakeTool({
      'GET /api/v1/library': () => ({ body: { items: [], nextCursor: null, total: 0 } }),
      'DELETE /api/v1/admin/coaches/:userId': () => ({ body: { revoked: true } }),
    });
    const page = await request(api.libraryList, {
      query: { q: 'frames', kind: undefined, scope: 'course', limit: 20 },
    });
    expect(page).toEqual({ items: [], nextCursor: null, total: 0 });
    await request(api.adminCoachRevoke, { params: { userId: 'u/1 2' } });
    expect(tool.sent).toEqual([
      {
        method: 'GET',
        path: '/api/v1/library',
        query: { q: 'frames', scope: 'course', limit: '20' },
        body: null,
        authorization: 'Bearer launch-token',
      },
      {
        method: 'DELETE',
        path: '/api/v1/admin/coaches/u%2F1%202',
        query: {},
        body: null,
        authorization: 'Bearer launch-token',
      },
    ]);
  });

  it('checks the body and the query with the contract before sending anything', async () => {
    setBootForTest('launch-token');
    const tool = fakeTool({});
    const bad = await request(coachApi.focusAreaCreate, { body: { title: '', description: '' } }).catch((e) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect(bad.payload.code).toBe('validation_failed');
    expect(bad.payload.issues.map((i: { path: string }) => i.path)).toContain('title');
    const badQuery = await request(metricsApi.report, { query: { scope: 'nowhere' } as never }).catch((e) => e);
    expect(badQuery.payload.code).toBe('validation_failed');
    expect(tool.sent).toEqual([]);
  });

  it("keeps the tool's error and its body (a 409's current version), and refuses an answer off the contract", async () => {
    setBootForTest('launch-token');
    fakeTool({
      'PUT /api/v1/admin/sharing': () => ({
        status: 409,
        body: { error: { code: 'conflict', message: 'Changed meanwhile.' }, current: { showAuthorNames: true } },
      }),
      'GET /api/v1/admin/sharing': () => ({ body: { showAuthorNames: 'yes' } }),
    });
    const conflict = await request(api.sharingSettingsUpdate, { body: { showAuthorNames: false } }).catch((e) => e);
    expect(conflict).toMatchObject({ status: 409, payload: { code: 'conflict', message: 'Changed meanwhile.' } });
    expect(conflict.body).toMatchObject({ current: { showAuthorNames: true } });
    const odd = await request(api.sharingSettings).catch((e) => e);
    expect(odd.payload.code).toBe('internal');
  });

  it('says to open Margins from the course when the page carries no launch', async () => {
    const tool = fakeTool({});
    const e = await request(api.session).catch((x) => x);
    expect(e).toMatchObject({ status: 401, payload: { code: 'unauthenticated' } });
    expect(tool.sent).toEqual([]);
  });
});
