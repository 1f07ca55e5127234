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
    // Moodle 5.1's own menu path to the Tool URL field.
    expect(r.out).toContain('Site administration > Plugins > Activity modules > External tool > Manage tools');
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

  it('attaches a second registration of the same platform to the district, and makes re-registration codes for it', async () => {
    const moodle = 'https://moodle.district.example';
    const endpoints = (path: string) => `${moodle}/mod/lti/${path}`;
    const register = await run(
      'platform',
      'register',
      '--issuer',
      moodle,
      '--client-id',
      'manual-2',
      '--auth-endpoint',
      endpoints('auth.php'),
      '--token-endpoint',
      endpoints('token.php'),
      '--jwks-url',
      endpoints('certs.php'),
      '--deployment-id',
      '9',
    );
    expect(register.code, register.err).toBe(0);
    const attach = await run(
      'platform',
      'attach',
      '--issuer',
      moodle,
      '--client-id',
      'manual-2',
      '--to-client-id',
      'abc',
    );
    expect(attach.code, attach.err).toBe(0);
    expect(attach.out).toContain('now launches into District Moodle');
    const list = await run('tenants');
    expect(list.out).toContain('also client manual-2');
    expect(list.out).toContain('9 (continues 1)');
    expect(list.out.match(/\[other\] https:\/\/moodle/g) ?? []).toHaveLength(0);

    const code = await run('install-code', 'create', '--issuer', moodle, '--client-id', 'manual-2', '--label', 'again');
    expect(code.code, code.err).toBe(0);
    expect(code.out).toContain('It re-registers the district District Moodle');

    const origins = await run(
      'platform',
      'service-origins',
      '--issuer',
      moodle,
      '--client-id',
      'abc',
      '--origin',
      'https://grades.district.example/x',
    );
    expect(origins.out).toContain('https://moodle.district.example, https://grades.district.example');
    const bad = await run('platform', 'attach', '--issuer', moodle, '--client-id', 'nope', '--to-client-id', 'abc');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('No district is registered');
  });

  it('shows and sets whether new deployments of a platform are recorded on their first launch', async () => {
    const args = ['platform', 'new-deployments', '--issuer', 'https://moodle.district.example', '--client-id', 'abc'];
    // A Moodle platform: off unless an admin turns it on.
    expect((await run(...args)).out).toContain('are refused until "deployment add"');
    expect((await run(...args, '--record', 'yes')).out).toContain('are recorded on their first launch');
    expect((await run(...args)).out).toContain('are recorded on their first launch');
    expect((await run(...args, '--record', 'no')).out).toContain('are refused');
    const bad = await run(...args, '--record', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--record must be yes or no');
    expect(
      (await run('platform', 'new-deployments', '--issuer', 'https://nowhere.example', '--client-id', 'x')).code,
    ).toBe(2);
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

  it('deletes the account of a teacher who left, only with --yes, and says what it did', async () => {
    const platform = ['--issuer', 'https://moodle.district.example', '--client-id', 'abc', '--deployment-id', '1'];
    // A teacher who launched once (the CLI opens the same database file).
    const { createApp } = await import('../src/app.js');
    const { loadConfig } = await import('../src/config.js');
    const { createLogger } = await import('../src/http/logger.js');
    const tool = await createApp({ config: loadConfig(), logger: createLogger('silent') });
    const tenant = (await tool.services.tenancy.findTenant('https://moodle.district.example', 'abc'))!;
    const dep = (await tool.services.tenancy.findDeployment(tenant.id, '1'))!;
    await tool.services.tenancy.upsertUser({
      tenantId: tenant.id,
      deploymentPk: dep.id,
      sub: 'teacher-9',
      name: 'Tess Left',
      email: null,
    });
    await tool.close();
    const refused = await run('account', 'delete', ...platform, '--user', 'teacher-9', '--recognitions', 'keep');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Add --yes to confirm');
    const bad = await run('account', 'delete', ...platform, '--user', 'teacher-9', '--recognitions', 'maybe', '--yes');
    expect(bad.err).toContain('--recognitions must be revoke');
    const r = await run('account', 'delete', ...platform, '--user', 'teacher-9', '--recognitions', 'keep', '--yes');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Deleted the account of Tess Left: 0 adaptations withdrawn');
    const again = await run('account', 'delete', ...platform, '--user', 'teacher-9', '--recognitions', 'keep', '--yes');
    expect(again.err).toContain('Nobody with that sub');
  });

  it('prints the Canvas developer-key JSON for the public URL', async () => {
    const r = await run('canvas-json');
    expect(JSON.parse(r.out)).toMatchObject({
      oidc_initiation_url: 'https://margins.district.example/lti/login',
      public_jwk_url: 'https://margins.district.example/lti/keys',
    });
  });

  it('refuses a user id or other argument with a NUL or control character, saying so (exit code 2)', async () => {
    for (const user of ['ana\u0000', 'ana\u0007x']) {
      const r = await run(
        'coach',
        'grant',
        '--issuer',
        'https://a.example',
        '--client-id',
        'x',
        '--deployment-id',
        '1',
        '--user',
        user,
      );
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--user contains a control character/);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
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
