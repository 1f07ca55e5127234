import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@margins/shared';
import { esc, errorPage, jsonForScript } from '../src/http/html.js';
import { createLogger, redact } from '../src/http/logger.js';
import { JwksCache } from '../src/lti/jwks-cache.js';
import { mapRoles } from '../src/lti/roles.js';
import { SessionTokens } from '../src/lti/session-token.js';
import { checkRegistrationUrl } from '../src/lti/url-policy.js';

describe('launch session tokens', () => {
  const tokens = new SessionTokens('s'.repeat(40), 3600);
  it('round-trips a launch id and refuses tampering, expiry and other keys', () => {
    const { token } = tokens.issue('7b0c6a64-4a4c-4e4d-9d54-9e0c8d1f1a2b', 1_000_000);
    expect(tokens.verify(token, 1_000_100)).toEqual({ launchId: '7b0c6a64-4a4c-4e4d-9d54-9e0c8d1f1a2b' });
    expect(tokens.verify(token, 1_003_601)).toBe('expired');
    expect(
      tokens.verify(
        token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        1_000_100,
      ),
    ).toBe('invalid');
    expect(tokens.verify(token.replace('1003600', '1009999'), 1_000_100)).toBe('invalid');
    expect(new SessionTokens('t'.repeat(40), 3600).verify(token, 1_000_100)).toBe('invalid');
    expect(tokens.verify('garbage', 1)).toBe('invalid');
  });
});

describe('log redaction', () => {
  it('removes tokens by field name and by shape, wherever they appear', () => {
    const lines: string[] = [];
    const log = createLogger('debug', {}, (l) => lines.push(l));
    log.info('x', {
      headers: { authorization: 'Bearer abc.def' },
      url: '/lti/register?install_code=ABCD-EFGH&openid_configuration=x',
      note: 'saw eyJhbGciOi.eyJzdWIiOi.sig and mgl1.launch.123.mac',
      id_token: 'eyJ',
    });
    const out = lines.join('\n');
    expect(out).not.toMatch(/abc\.def|ABCD-EFGH|eyJhbGciOi|mgl1\.launch/);
    expect(out).toContain('[redacted]');
    expect(redact({ nested: { token: 'x', ok: 'fine' } })).toEqual({ nested: { token: '[redacted]', ok: 'fine' } });
  });
});

describe('HTML output', () => {
  it('escapes hostile text and JSON for script blocks', () => {
    expect(esc('<img src=x onerror="a">&\'`')).toBe('&#60;img src=x onerror=&#34;a&#34;&#62;&#38;&#39;&#96;');
    expect(jsonForScript({ a: '</script><script>x' })).not.toContain('</script>');
    const page = errorPage(new AppError('launch_invalid', 'bad <b>thing</b>'), 'req-1');
    expect(page).toContain('bad &#60;b&#62;thing&#60;/b&#62;');
    expect(page).toContain('<code>launch_invalid</code>');
  });
});

describe('role mapping', () => {
  const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
  it('maps instructors and content developers to teacher, account-level administrators to district admin, and grants coach only to staff', () => {
    expect(mapRoles([`${LIS}membership#Instructor`], 'course_navigation', [])).toEqual(['teacher']);
    expect(mapRoles([`${LIS}membership/Instructor#TeachingAssistant`], 'course_navigation', [])).toEqual(['teacher']);
    expect(mapRoles([`${LIS}membership#ContentDeveloper`], 'course_navigation', ['coach'])).toEqual([
      'teacher',
      'coach',
    ]);
    expect(mapRoles([`${LIS}institution/person#Administrator`], 'account_navigation', [])).toEqual(['district-admin']);
    expect(mapRoles([`${LIS}institution/person#Administrator`], 'course_navigation', [])).toEqual([]);
    expect(mapRoles([`${LIS}membership#Learner`], 'course_navigation', ['coach'])).toEqual([]);
  });
});

describe('registration URL policy', () => {
  it('allows only loopback in loopback mode', async () => {
    await expect(checkRegistrationUrl('http://127.0.0.1:9/x', 'loopback', 'It')).resolves.toBeInstanceOf(URL);
    await expect(checkRegistrationUrl('http://localhost:9/x', 'loopback', 'It')).resolves.toBeInstanceOf(URL);
    await expect(checkRegistrationUrl('https://canvas.example/x', 'loopback', 'It')).rejects.toThrow(/loopback/);
    await expect(checkRegistrationUrl('file:///etc/passwd', 'loopback', 'It')).rejects.toThrow(/http/);
  });
  it('allows only https to public addresses in public mode', async () => {
    const resolve = async (h: string) =>
      h === 'lms.example' ? ['93.184.216.34'] : h === 'internal.example' ? ['10.1.2.3'] : [];
    await expect(
      checkRegistrationUrl('https://lms.example/.well-known/openid-configuration', 'public', 'It', resolve),
    ).resolves.toBeInstanceOf(URL);
    for (const bad of [
      'http://lms.example/x',
      'https://internal.example/x',
      'https://127.0.0.1/x',
      'https://[::1]/x',
      'https://169.254.169.254/latest',
      'https://nowhere.example/x',
      'https://user:pw@lms.example/x',
      'not a url',
    ]) {
      await expect(checkRegistrationUrl(bad, 'public', 'It', resolve), bad).rejects.toBeInstanceOf(AppError);
    }
  });
});

describe('the platform key cache', () => {
  const pair = () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return publicKey.export({ format: 'jwk' });
  };
  let keys: Record<string, unknown>[] = [{ ...pair(), kid: 'k1', use: 'sig' }];
  let hits = 0;
  let delayMs = 0;
  let url = '';
  const server = createServer((_req, res) => {
    hits++;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })), delayMs);
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches once for many launches, and shares one fetch between concurrent launches', async () => {
    hits = 0;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 2000 });
    await Promise.all(Array.from({ length: 10 }, () => cache.key(url, 'k1')));
    await cache.key(url, 'k1');
    expect(hits).toBe(1);
  });

  it('refreshes once on an unknown kid (key rotation) and then finds the new key', async () => {
    hits = 0;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 2000, minRefreshMs: 0 });
    await cache.key(url, 'k1');
    keys = [...keys, { ...pair(), kid: 'k2' }];
    await expect(cache.key(url, 'k2')).resolves.toBeDefined();
    expect(hits).toBe(2);
    await expect(cache.key(url, 'nope')).rejects.toThrow(/unknown key id/);
  });

  it('does not refetch for unknown kids more often than the refresh interval', async () => {
    hits = 0;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 2000, minRefreshMs: 60_000 });
    await cache.key(url, 'k1');
    for (let i = 0; i < 5; i++) await expect(cache.key(url, `made-up-${i}`)).rejects.toThrow();
    expect(hits).toBe(1);
  });

  it('gives up after its timeout with a readable error', async () => {
    delayMs = 1000;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 100 });
    await expect(cache.key(url, 'k1')).rejects.toThrow(/did not answer/);
    delayMs = 0;
  });
});
