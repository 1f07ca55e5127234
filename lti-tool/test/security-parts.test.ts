import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@margins/shared';
import { esc, errorPage, jsonForScript } from '../src/http/html.js';
import { requestLang } from '../src/http/page-lang.js';

import { createLogger, redact } from '../src/http/logger.js';
import { JwksCache } from '../src/lti/jwks-cache.js';
import { mapRoles } from '../src/lti/roles.js';
import { adapterFor } from '../src/lti/lms/index.js';
import { SessionTokens } from '../src/lti/session-token.js';
import { checkRegistrationUrl, isInternalAddress } from '../src/lti/url-policy.js';
import { OutboundError, OutboundHttp } from '../src/http/outbound.js';

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

  it('writes the error page in the language the browser asks for, the launch claim first, English otherwise', async () => {
    // A real express request, so Accept-Language is read as the tool reads it.
    const app = express();
    app.get('/', (req, res) => {
      const claim = typeof req.query.claim === 'string' ? req.query.claim : null;
      res.type('html').send(errorPage(new AppError('launch_invalid', 'bad token'), 'req-2', requestLang(req, claim)));
    });
    const server = app.listen(0);
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const get = (accept: string, query = '') =>
      fetch(base + query, { headers: { 'accept-language': accept } }).then((r) => r.text());
    try {
      const spanish = await get('es-MX,es;q=0.9,en;q=0.5');
      expect(spanish).toContain('<html lang="es">');
      expect(spanish).toContain('No se pudo verificar este acceso');
      expect(spanish).toContain('Código de error:');
      expect(spanish).not.toContain('could not be verified');
      const english = await get('fr-FR,de;q=0.8');
      expect(english).toContain('<html lang="en">');
      expect(english).toContain('This launch could not be verified');
      expect(await get('en-US', '?claim=es')).toContain('<html lang="es">');
    } finally {
      server.close();
    }
    expect(errorPage(new AppError('conflict', 'x'), 'r', 'es')).toContain('Margins no pudo continuar');
  });
});

describe('role mapping', () => {
  const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
  const admin = `${LIS}institution/person#Administrator`;
  const course = { placement: 'course_navigation' as const, grants: [] };
  it('maps instructors and content developers to teacher and grants coach only to staff', () => {
    expect(mapRoles([`${LIS}membership#Instructor`], course)).toEqual(['teacher']);
    expect(mapRoles([`${LIS}membership/Instructor#TeachingAssistant`], course)).toEqual(['teacher']);
    expect(mapRoles([`${LIS}membership#ContentDeveloper`], { ...course, grants: ['coach'] })).toEqual([
      'teacher',
      'coach',
    ]);
    expect(mapRoles([`${LIS}membership#Learner`], { ...course, grants: ['coach'] })).toEqual([]);
  });

  it('makes learners of a professional-learning course teachers, and nobody else', () => {
    expect(mapRoles([`${LIS}membership#Learner`], { ...course, professionalLearning: true })).toEqual(['teacher']);
    // Canvas sends a teacher enrolled as a student membership#Learner plus institution/person#Instructor.
    expect(mapRoles([`${LIS}membership#Learner`, `${LIS}institution/person#Instructor`], course)).toEqual([]);
    expect(mapRoles([`${LIS}membership#Mentor`], { ...course, professionalLearning: true })).toEqual([]);
  });

  it('grants district admin as each LMS says it: account level elsewhere, any Moodle site admin launch, Canvas root account only', () => {
    const at = (placement: 'course_navigation' | 'account_navigation', custom: Record<string, unknown> = {}) => ({
      roles: [admin],
      placement,
      custom,
    });
    expect(adapterFor('other').isDistrictAdmin(at('account_navigation'))).toBe(true);
    expect(adapterFor('other').isDistrictAdmin(at('course_navigation'))).toBe(false);
    // Moodle has no account placement: its site admins launch from an activity (lti_get_ims_role adds the role).
    expect(adapterFor('moodle').isDistrictAdmin(at('course_navigation'))).toBe(true);
    expect(
      adapterFor('moodle').isDistrictAdmin({
        roles: [`${LIS}membership#Instructor`],
        placement: 'course_navigation',
        custom: {},
      }),
    ).toBe(false);
    // Canvas: a sub-account admin also gets institution Administrator; $Canvas.user.isRootAccountAdmin tells them apart.
    expect(adapterFor('canvas').isDistrictAdmin(at('account_navigation'))).toBe(false);
    expect(adapterFor('canvas').isDistrictAdmin(at('account_navigation', { margins_root_admin: false }))).toBe(false);
    expect(adapterFor('canvas').isDistrictAdmin(at('account_navigation', { margins_root_admin: true }))).toBe(true);
    expect(adapterFor('canvas').isDistrictAdmin(at('course_navigation', { margins_root_admin: true }))).toBe(false);
    expect(mapRoles([admin], { ...course, districtAdmin: true })).toEqual(['district-admin']);
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

  it('refuses every special-purpose address however it is written (IPv4-mapped, -compatible, NAT64, 6to4, Teredo, ...)', async () => {
    const resolve = async () => ['93.184.216.34'];
    for (const bad of [
      'https://[::ffff:127.0.0.1]/x', // the URL parser rewrites it to [::ffff:7f00:1]
      'https://[::ffff:10.0.0.1]/x',
      'https://[::ffff:169.254.169.254]/x',
      'https://[::127.0.0.1]/x', // IPv4-compatible
      'https://[::7f00:1]/x',
      'https://[64:ff9b::7f00:1]/x', // NAT64
      'https://[64:ff9b:1::a00:1]/x', // local-use NAT64
      'https://[2002:7f00:1::1]/x', // 6to4 around 127.0.0.1
      'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x', // Teredo
      'https://[fe80::1]/x',
      'https://[fc00::1]/x',
      'https://[fd12:3456::1]/x',
      'https://[ff02::1]/x',
      'https://[::]/x',
      'https://[2001:db8::1]/x', // documentation
      'https://0.0.0.0/x',
      'https://2130706433/x', // 127.0.0.1 as one number
      'https://0x7f.1/x',
      'https://100.64.0.1/x', // carrier-grade NAT
      'https://192.0.0.8/x',
      'https://198.18.0.1/x',
      'https://224.0.0.1/x',
      'https://255.255.255.255/x',
      'https://172.16.0.1/x',
      'https://192.168.1.1/x',
    ]) {
      await expect(checkRegistrationUrl(bad, 'public', 'It', resolve), bad).rejects.toThrow(/internal network/);
    }
    for (const name of ['::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:a00:1::']) {
      expect(isInternalAddress(name), name).toBe(true);
    }
    // A name that resolves to any internal address is refused, whatever else it resolves to.
    await expect(
      checkRegistrationUrl('https://lms.example/x', 'public', 'It', async () => ['93.184.216.34', '::ffff:7f00:1']),
    ).rejects.toThrow(/internal network/);
    for (const good of ['https://93.184.216.34/x', 'https://[2606:4700:4700::1111]/x', 'https://lms.example/x']) {
      await expect(checkRegistrationUrl(good, 'public', 'It', resolve), good).resolves.toBeInstanceOf(URL);
    }
  });
});

describe('outbound requests', () => {
  let hits: { host: string | undefined; path: string | undefined }[] = [];
  let big = false;
  const server = createServer((req, res) => {
    hits.push({ host: req.headers.host, path: req.url });
    if (req.url === '/redirect') return res.writeHead(302, { location: 'http://127.0.0.1:9/' }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(big ? 'x'.repeat(5000) : 'hello');
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('connects to the address it checked, resolving once, so DNS rebinding cannot move the request', async () => {
    hits = [];
    const answers = [['127.0.0.1'], ['192.0.2.1']];
    let resolutions = 0;
    const http = new OutboundHttp({
      policy: 'loopback',
      resolve: async () => answers[Math.min(resolutions++, 1)]!,
    });
    const res = await http.request(`http://rebind.test:${port}/hello`, 'It');
    expect(res.text).toBe('hello');
    expect(resolutions).toBe(1);
    expect(hits).toEqual([{ host: `rebind.test:${port}`, path: '/hello' }]);
    // Resolved again for the next request: now internal-only, so refused before any connection.
    await expect(http.request(`http://rebind.test:${port}/again`, 'It')).rejects.toMatchObject({ kind: 'address' });
    expect(hits).toHaveLength(1);
  });

  it('refuses addresses off the allowed origins, redirects and oversized answers', async () => {
    hits = [];
    const http = new OutboundHttp({ policy: 'loopback' });
    await expect(
      http.request(`http://127.0.0.1:${port}/x`, 'It', { allowedOrigins: ['https://lms.example'] }),
    ).rejects.toMatchObject({ kind: 'origin' });
    expect(hits).toHaveLength(0);
    await expect(http.request(`http://127.0.0.1:${port}/redirect`, 'It')).rejects.toMatchObject({ kind: 'redirect' });
    big = true;
    await expect(http.request(`http://127.0.0.1:${port}/big`, 'It', { maxBytes: 1000 })).rejects.toBeInstanceOf(
      OutboundError,
    );
    big = false;
    await expect(http.request(`http://10.0.0.7:${port}/x`, 'It')).rejects.toMatchObject({ kind: 'address' });
  });
});

describe('the platform key cache', () => {
  const http = new OutboundHttp({ policy: 'loopback' });
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
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 2000, http });
    await Promise.all(Array.from({ length: 10 }, () => cache.key(url, 'k1')));
    await cache.key(url, 'k1');
    expect(hits).toBe(1);
  });

  it('refreshes once on an unknown kid (key rotation) and then finds the new key', async () => {
    hits = 0;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 2000, minRefreshMs: 0, http });
    await cache.key(url, 'k1');
    keys = [...keys, { ...pair(), kid: 'k2' }];
    await expect(cache.key(url, 'k2')).resolves.toBeDefined();
    expect(hits).toBe(2);
    await expect(cache.key(url, 'nope')).rejects.toThrow(/unknown key id/);
  });

  it('does not refetch for unknown kids more often than the refresh interval', async () => {
    hits = 0;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 2000, minRefreshMs: 60_000, http });
    await cache.key(url, 'k1');
    for (let i = 0; i < 5; i++) await expect(cache.key(url, `made-up-${i}`)).rejects.toThrow();
    expect(hits).toBe(1);
  });

  it('gives up after its timeout with a readable error', async () => {
    delayMs = 1000;
    const cache = new JwksCache({ ttlMs: 60_000, timeoutMs: 100, http });
    await expect(cache.key(url, 'k1')).rejects.toThrow(/did not answer/);
    delayMs = 0;
  });
});
