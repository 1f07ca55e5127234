import { describe, expect, it } from 'vitest';
import { ApiClient, normaliseToolUrl } from '../src/background/api-client.js';
import { api } from '@margins/shared/api';
import { errorBody, fakeDistrict, tokenPair } from './fake-district.js';
import { makeBackground } from './support.js';

const TOOL = 'http://127.0.0.1:3000';

describe('connecting to a district', () => {
  it('asks who a code connects before spending it, then stores the tokens where only the background reads them', async () => {
    const district = fakeDistrict();
    const bg = makeBackground(undefined, { http: district.http });
    district.on('POST /api/v1/pairing/preview', () => ({
      status: 200,
      body: {
        tenant: { name: 'Riverside USD' },
        user: { name: 'Ana Lima' },
        course: { title: 'Grade 7 Math' },
        expiresAt: '2026-10-01T09:05:00.000Z',
      },
    }));
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair() }));
    expect(await bg.connection.preview(`${TOOL}/`, 'ABCD-EFGH')).toEqual({
      toolUrl: TOOL,
      district: 'Riverside USD',
      user: 'Ana Lima',
      course: 'Grade 7 Math',
      expiresAt: '2026-10-01T09:05:00.000Z',
      send: { shared: 0, private: 0 },
      firstTime: true,
    });
    expect(district.to('/api/v1/pairing/exchange')).toHaveLength(0);
    const view = await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome on Linux');
    expect(view).toMatchObject({
      state: 'connected',
      district: 'Riverside USD',
      user: 'Ana Lima',
      course: 'Grade 7 Math',
      toolUrl: TOOL,
    });
    expect(JSON.stringify(view)).not.toContain('mga1');
    expect(district.to('/api/v1/pairing/exchange')[0]!.body).toEqual({
      code: 'ABCD-EFGH',
      deviceName: 'Chrome on Linux',
    });
    expect((await bg.db.settings.get('connection'))!.value).toMatchObject({
      accessToken: 'mga1.device.1.mac',
      refreshToken: 'mgr1.refresh-1',
    });
  });

  it("passes on the district's sentence when a code is wrong, used or expired, and stays unconnected", async () => {
    const district = fakeDistrict();
    const bg = makeBackground(undefined, { http: district.http });
    district.on('POST /api/v1/pairing/exchange', () => ({
      status: 400,
      body: errorBody(
        'pairing_code_invalid',
        'That connection code was already used. Ask for a new code in your learning platform.',
      ),
    }));
    await expect(bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome')).rejects.toMatchObject({
      code: 'pairing_code_invalid',
      message: expect.stringContaining('already used'),
    });
    expect(await bg.connection.view()).toEqual({ state: 'none' });
  });

  it('refreshes the access token a minute before it expires, once for concurrent callers', async () => {
    const district = fakeDistrict();
    let t = Date.parse('2026-10-01T09:00:00Z');
    const bg = makeBackground(undefined, { http: district.http, now: () => new Date(t) });
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1, { expiresIn: 600 }) }));
    let refreshes = 0;
    district.on('POST /api/v1/auth/refresh', (req) => {
      refreshes += 1;
      expect(req.body).toEqual({ refreshToken: `mgr1.refresh-${refreshes}` });
      return { status: 200, body: tokenPair(refreshes + 1) };
    });
    district.on('GET /api/v1/sync/pull', () => ({ status: 200, body: { changes: [], cursor: 'c1', hasMore: false } }));
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    t += 541_000; // 59 s before expiry
    const tokens = await Promise.all([1, 2, 3].map(() => bg.connection.withToken(async (_c, token) => token)));
    expect(tokens).toEqual(['mga1.device.2.mac', 'mga1.device.2.mac', 'mga1.device.2.mac']);
    expect(refreshes).toBe(1);
  });

  it('refreshes once and retries when the district says the access token expired', async () => {
    const district = fakeDistrict();
    const bg = makeBackground(undefined, { http: district.http });
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1) }));
    district.on('POST /api/v1/auth/refresh', () => ({ status: 200, body: tokenPair(2) }));
    district.on('GET /api/v1/sync/pull', (req) =>
      req.headers.authorization === 'Bearer mga1.device.1.mac'
        ? { status: 401, body: errorBody('token_expired', 'expired') }
        : { status: 200, body: { changes: [], cursor: 'c1', hasMore: false } },
    );
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    await bg.sync.sync();
    expect(district.to('/api/v1/sync/pull').map((r) => r.headers.authorization)).toEqual([
      'Bearer mga1.device.1.mac',
      'Bearer mga1.device.2.mac',
    ]);
    expect(await bg.sync.status()).toMatchObject({ state: 'synced' });
  });

  it('ends the connection with a plain sentence when the refresh is refused, keeping local data', async () => {
    const district = fakeDistrict();
    let t = Date.parse('2026-10-01T09:00:00Z');
    const bg = makeBackground(undefined, { http: district.http, now: () => new Date(t) });
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1) }));
    district.on('POST /api/v1/auth/refresh', () => ({
      status: 401,
      body: errorBody('unauthenticated', 'This browser is no longer connected to Margins.'),
    }));
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    t += 3_600_000;
    await bg.sync.sync();
    expect(await bg.connection.view()).toMatchObject({
      state: 'disconnected',
      reason: expect.stringMatching(/^This browser was disconnected from your district.*kept in this browser/),
    });
  });

  it('keeps the reason "account deleted" when a request started before the deletion is refused after it', async () => {
    const district = fakeDistrict();
    const bg = makeBackground(undefined, { http: district.http });
    const client = new ApiClient(district.http);
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1) }));
    district.on('POST /api/v1/me/deletion', () => ({
      status: 200,
      body: {
        deleted: true,
        adaptationsWithdrawn: 0,
        remixesCredited: 0,
        devicesDisconnected: 1,
        recognitionsRevoked: 0,
        recognitionsKept: 0,
        feedbackRemoved: 0,
      },
    }));
    district.on('GET /api/v1/sync/pull', () => ({
      status: 401,
      body: errorBody('token_revoked', 'This browser was disconnected by the district.'),
    }));
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    // A sync holds the token when the teacher deletes her account; its pull is refused afterwards.
    const racing = bg.connection.withToken(async (c, token) => {
      await bg.connection.deleteAccount('keep', 'Your account was deleted here.');
      return client.call(c.toolUrl, api.syncPull, { token, query: {} });
    });
    await expect(racing).rejects.toMatchObject({ code: 'token_revoked' });
    expect(await bg.connection.view()).toMatchObject({
      state: 'disconnected',
      reason: 'Your account was deleted here.',
    });
  });

  it('tells the district when the teacher disconnects here, and forgets the tokens even when it cannot be reached', async () => {
    const district = fakeDistrict();
    const bg = makeBackground(undefined, { http: district.http });
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1) }));
    district.on('POST /api/v1/auth/disconnect', () => 'network-error');
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    expect(await bg.connection.disconnect()).toEqual({ state: 'none' });
    expect(district.to('/api/v1/auth/disconnect')[0]!.headers.authorization).toBe('Bearer mga1.device.1.mac');
    expect(await bg.db.settings.get('connection')).toBeUndefined();
  });
});

describe("the extension's HTTP client", () => {
  it('accepts https addresses, and http only on this computer', () => {
    expect(normaliseToolUrl(' margins.district.org/ ')).toBe('https://margins.district.org');
    expect(normaliseToolUrl('https://lms.district.org/margins/?x=1#y')).toBe('https://lms.district.org/margins');
    expect(normaliseToolUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(() => normaliseToolUrl('http://margins.district.org')).toThrow('must start with https://');
    expect(() => normaliseToolUrl('https://user:pw@margins.district.org')).toThrow('user name or password');
    expect(() => normaliseToolUrl('')).toThrow('Enter the Margins address');
    expect(() => normaliseToolUrl('javascript:alert(1)')).toThrow();
  });

  it('turns each kind of failure into a sentence and a code the sync can act on', async () => {
    const district = fakeDistrict();
    const client = new ApiClient(district.http);
    district.on('GET /api/v1/sync/pull', () => ({ status: 502, body: undefined }));
    await expect(client.call(TOOL, api.syncPull, { query: {} })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('error 502'),
    });
    district.on('GET /api/v1/sync/pull', () => ({
      status: 429,
      body: errorBody('rate_limited', 'Too many requests.'),
      headers: { 'retry-after': '12' },
    }));
    await expect(client.call(TOOL, api.syncPull, { query: {} })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 12_000,
    });
    district.on('GET /api/v1/sync/pull', () => ({ status: 200, body: { changes: 'not a list' } }));
    await expect(client.call(TOOL, api.syncPull, { query: {} })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('does not understand'),
    });
    district.on('GET /api/v1/sync/pull', () => 'network-error');
    district.setOnline(false);
    await expect(client.call(TOOL, api.syncPull, { query: {} })).rejects.toMatchObject({ code: 'offline' });
    district.setOnline(true);
    await expect(client.call(TOOL, api.syncPull, { query: {} })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('Cannot reach Margins at 127.0.0.1:3000'),
    });
  });
});
