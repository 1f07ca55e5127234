import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const made: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'margins-cfg-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('configuration', () => {
  it('starts with zero set-up: SQLite in the data folder, a generated secret kept for next time, loopback registration', () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect(c.database).toEqual({ kind: 'sqlite', file: join(d, 'margins.sqlite') });
    expect(c.secret).toHaveLength(64);
    expect(loadConfig({ DATA_DIR: d }).secret).toBe(c.secret);
    expect(c.registrationUrls).toBe('loopback');
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('keeps a generated badge key-encryption key in development, takes MARGINS_BADGE_KEK, and issues nothing in production without it', () => {
    const d = dir();
    const dev = loadConfig({ DATA_DIR: d });
    expect(dev.badges.kek).not.toBeNull();
    expect(loadConfig({ DATA_DIR: d }).badges.kek!.fingerprint).toBe(dev.badges.kek!.fingerprint);
    expect(existsSync(join(d, 'badge-kek.key'))).toBe(true);
    expect(JSON.stringify(dev)).not.toContain(readFileSync(join(d, 'badge-kek.key'), 'utf8').trim());

    const given = 'a'.repeat(64);
    expect(loadConfig({ DATA_DIR: dir(), MARGINS_BADGE_KEK: given }).badges.kek!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const prodEnv = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://margins.example.org',
      MARGINS_SECRET: 's'.repeat(40),
    };
    const p = dir();
    expect(loadConfig({ ...prodEnv, DATA_DIR: p }).badges.kek).toBeNull();
    expect(existsSync(join(p, 'badge-kek.key'))).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dir(), MARGINS_BADGE_KEK: 'too-short' })).toThrow(
      /MARGINS_BADGE_KEK: .*openssl rand -base64 32/,
    );
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'postgres://u:p@db:5432/margins' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/margins',
    });
  });

  it('lists every problem with the variable name and what to do', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_MAX_AGE_SECONDS: '5', DATA_DIR: dir() });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toMatch(/PORT must be a whole number/);
      expect(msg).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
      expect(msg).toMatch(/SESSION_MAX_AGE_SECONDS must be at least 60/);
    }
  });

  it('refuses production without https, a secret, or with loopback-only registration', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dir() })).toThrow(
      /PUBLIC_URL is required in production[\s\S]*MARGINS_SECRET is required/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'http://tool.example',
        MARGINS_SECRET: 'x'.repeat(40),
        DATA_DIR: dir(),
      }),
    ).toThrow(/must use https/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://tool.example',
        MARGINS_SECRET: 'x'.repeat(40),
        REGISTRATION_URLS: 'loopback',
        DATA_DIR: dir(),
      }),
    ).toThrow(/only for local test platforms/);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://tool.example/',
        MARGINS_SECRET: 'x'.repeat(40),
        DATA_DIR: dir(),
      }),
    ).toMatchObject({ publicUrl: 'https://tool.example', registrationUrls: 'public' });
  });

  it('is the only code of the running tool that reads process.env (the test helpers in src/testing/ read TEST_*)', () => {
    const src = new URL('../src/', import.meta.url);
    const readers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.startsWith('testing/') && f !== 'config.ts')
      .filter((f) => readFileSync(new URL(f, src), 'utf8').includes('process.env'));
    expect(readers).toEqual([]);
    // The check looks where it should: config.ts itself does read it.
    expect(readFileSync(new URL('config.ts', src), 'utf8')).toMatch(/= process\.env\)/);
  });
});
