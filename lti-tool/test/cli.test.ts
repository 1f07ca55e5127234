import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/admin.js';

describe('the admin command line', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'margins-cli-'));
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      DATA_DIR: dir,
      NODE_ENV: 'test',
      MARGINS_SECRET: 'cli-secret-cli-secret-cli-secret-0123',
      PUBLIC_URL: 'https://margins.district.example',
      LOG_LEVEL: 'silent',
    });
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err.push(String(s));
      return true;
    });
    try {
      const code = await main(args, (s) => out.push(s));
      return { code, out: out.join('\n'), err: err.join('') };
    } finally {
      spy.mockRestore();
    }
  }

  it('creates a one-time install code and prints the registration URL, listing it as unused', async () => {
    const r = await run('install-code', 'create', '--label', 'Riverside Canvas', '--days', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /https:\/\/margins\.district\.example\/lti\/register\?install_code=[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/,
    );
    expect((await run('install-code', 'list')).out).toMatch(/^unused .* Riverside Canvas$/m);
  });

  it('registers a platform manually with its deployments and lists it', async () => {
    const r = await run(
      'platform',
      'register',
      '--issuer',
      'https://moodle.district.example',
      '--client-id',
      'abc',
      '--auth-endpoint',
      'https://moodle.district.example/mod/lti/auth.php',
      '--token-endpoint',
      'https://moodle.district.example/mod/lti/token.php',
      '--jwks-url',
      'https://moodle.district.example/mod/lti/certs.php',
      '--deployment-id',
      '1',
      '--deployment-id',
      '2',
      '--product',
      'moodle',
      '--name',
      'District Moodle',
    );
    expect(r.code, r.err).toBe(0);
    expect(
      (
        await run(
          'deployment',
          'add',
          '--issuer',
          'https://moodle.district.example',
          '--client-id',
          'abc',
          '--deployment-id',
          '3',
        )
      ).code,
    ).toBe(0);
    const list = await run('tenants');
    expect(list.out).toContain('District Moodle [moodle] https://moodle.district.example client abc');
    expect(list.out).toContain('deployments: 1, 2, 3');
  });

  it('shows and sets whether colleagues see author names', async () => {
    const args = ['sharing', '--issuer', 'https://moodle.district.example', '--client-id', 'abc'];
    expect((await run(...args)).out).toBe(
      'District Moodle: colleagues see who wrote an adaptation. Other districts never do.',
    );
    expect((await run(...args, '--show-author-names', 'no')).out).toContain('colleagues do not see');
    expect((await run(...args)).out).toContain('colleagues do not see');
    expect((await run(...args, '--show-author-names', 'maybe')).code).toBe(2);
  });

  it('prints the Canvas developer-key JSON for the public URL', async () => {
    const r = await run('canvas-json');
    expect(JSON.parse(r.out)).toMatchObject({
      oidc_initiation_url: 'https://margins.district.example/lti/login',
      public_jwk_url: 'https://margins.district.example/lti/keys',
    });
  });

  it('explains usage mistakes with exit code 2 and no stack trace', async () => {
    for (const args of [
      ['bogus'],
      ['platform', 'register', '--issuer', 'x'],
      [
        'coach',
        'grant',
        '--issuer',
        'https://nope.example',
        '--client-id',
        'x',
        '--deployment-id',
        '1',
        '--user',
        'ana',
      ],
      ['install-code', 'create', '--days', '400'],
      ['--unknown-flag'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
