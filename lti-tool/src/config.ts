import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { MARGINS_CHROME_EXTENSION_ID } from '@margins/shared';
import { KeyEncryptionKey, KeySealingError } from './badges/key-sealing.js';

/**
 * The tool's configuration, read once at start-up from environment variables and validated with
 * messages that name the variable and say what to do. Nothing else in the running tool reads
 * `process.env` (only the test helpers in src/testing/ read TEST_DATABASE_URL and TEST_LOG_LEVEL;
 * test/config.test.ts checks).
 */

const bool = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: `${name} must be true or false.` })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number.` })
    .int(`${name} must be a whole number.`)
    .min(min, `${name} must be at least ${min}.`)
    .max(max, `${name} must be at most ${max}.`);

/** Quotas are given in megabytes (10^6 bytes, as people read "10 MB"). */
const MB = 1_000_000;

const EnvSchema = z.object({
  NODE_ENV: z
    .enum(['production', 'development', 'test'], { error: 'NODE_ENV must be production, development or test.' })
    .default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int('PORT', 0, 65_535).default(3000),
  PUBLIC_URL: z
    .url({
      error: 'PUBLIC_URL must be the full address people use to reach the tool, e.g. https://margins.district.org',
    })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/margins (leave it unset to use the built-in SQLite file).',
    )
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  MARGINS_SECRET: z
    .string()
    .min(32, 'MARGINS_SECRET must be at least 32 characters (generate one with: openssl rand -hex 32).')
    .optional(),
  TOOL_NAME: z.string().min(1).max(100).default('Margins'),
  SESSION_MAX_AGE_SECONDS: int('SESSION_MAX_AGE_SECONDS', 60, 86_400).default(3_600),
  LOGIN_STATE_MAX_AGE_SECONDS: int('LOGIN_STATE_MAX_AGE_SECONDS', 30, 3_600).default(600),
  LAUNCH_CLOCK_SKEW_SECONDS: int('LAUNCH_CLOCK_SKEW_SECONDS', 0, 300).default(60),
  JWKS_CACHE_SECONDS: int('JWKS_CACHE_SECONDS', 0, 86_400).default(600),
  JWKS_TIMEOUT_MS: int('JWKS_TIMEOUT_MS', 100, 30_000).default(3_000),
  REGISTRATION_URLS: z
    .enum(['public', 'loopback'], {
      error:
        'REGISTRATION_URLS must be public (real LMS addresses over https) or loopback (local test platforms only).',
    })
    .optional(),
  RATE_LIMIT_PER_MINUTE: int('RATE_LIMIT_PER_MINUTE', 10, 1_000_000).default(1_200),
  TRUST_PROXY: bool('TRUST_PROXY').default(false),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], {
      error: 'LOG_LEVEL must be debug, info, warn, error or silent.',
    })
    .optional(),
  // Sync with the browser extension (issue 6).
  MARGINS_EXTENSION_IDS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[a-p]{32}$/,
            'MARGINS_EXTENSION_IDS must list Chrome/Edge extension ids (32 letters a-p), separated by commas.',
          ),
      ),
    )
    .optional(),
  MARGINS_FIREFOX_EXTENSIONS: bool('MARGINS_FIREFOX_EXTENSIONS').default(true),
  ACCESS_TOKEN_SECONDS: int('ACCESS_TOKEN_SECONDS', 60, 3_600).default(600),
  REFRESH_TOKEN_DAYS: int('REFRESH_TOKEN_DAYS', 1, 365).default(60),
  PAIRING_CODE_SECONDS: int('PAIRING_CODE_SECONDS', 60, 1_800).default(300),
  EXTENSION_RATE_LIMIT_PER_MINUTE: int('EXTENSION_RATE_LIMIT_PER_MINUTE', 10, 1_000_000).default(600),
  PAIRING_RATE_LIMIT_PER_MINUTE: int('PAIRING_RATE_LIMIT_PER_MINUTE', 1, 1_000_000).default(30),
  SYNC_FEED_RETENTION_DAYS: int('SYNC_FEED_RETENTION_DAYS', 1, 3_650).default(90),
  // Storage quotas of the sync API (issue 12).
  QUOTA_TEACHER_ADAPTATIONS: int('QUOTA_TEACHER_ADAPTATIONS', 1, 100_000_000).default(2_000),
  QUOTA_TEACHER_MB: int('QUOTA_TEACHER_MB', 1, 1_000_000).default(10),
  QUOTA_DISTRICT_ADAPTATIONS: int('QUOTA_DISTRICT_ADAPTATIONS', 1, 1_000_000_000).default(500_000),
  QUOTA_DISTRICT_MB: int('QUOTA_DISTRICT_MB', 1, 100_000_000).default(5_000),
  HEALTH_RATE_LIMIT_PER_MINUTE: int('HEALTH_RATE_LIMIT_PER_MINUTE', 1, 1_000_000).default(120),
  // Recognition as Open Badges 3.0 (issue 7).
  MARGINS_BADGE_KEK: z.string().optional(),
  BADGE_VERIFY_RATE_LIMIT_PER_MINUTE: int('BADGE_VERIFY_RATE_LIMIT_PER_MINUTE', 1, 1_000_000).default(60),
});

/** Validated configuration the composition root hands to every part that needs it. */
export interface Config {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** Origin + path prefix the LMS reaches the tool at, without a trailing slash. */
  publicUrl: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  /** Root secret; sub-keys (session tokens, the seal of the tool's LTI keys, ...) are derived from it. */
  secret: string;
  toolName: string;
  sessionMaxAgeSeconds: number;
  loginStateMaxAgeSeconds: number;
  clockSkewSeconds: number;
  jwksCacheSeconds: number;
  jwksTimeoutMs: number;
  /** Which openid_configuration URLs dynamic registration may fetch (DESIGN: the ltijs SSRF gap). */
  registrationUrls: 'public' | 'loopback';
  rateLimitPerMinute: number;
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Pairing and sync with the browser extension (issue 6). */
  sync: SyncConfig;
  /** Open Badges issuing (issue 7). */
  badges: BadgeConfig;
  /** Storage quotas of the sync API (issue 12). */
  quotas: QuotaLimits;
  /** /health requests per client address per minute. */
  healthPerMinute: number;
}

/** How much one teacher, and one district, may store through the sync API (live adaptations and bytes of stored JSON). */
export interface QuotaLimits {
  teacherAdaptations: number;
  teacherBytes: number;
  districtAdaptations: number;
  districtBytes: number;
}

/** How district issuer keys are protected, and the public endpoints' limit. */
export interface BadgeConfig {
  /**
   * The key-encryption key that seals district signing keys: MARGINS_BADGE_KEK, or in development
   * and tests one generated into the data folder. Null in production without MARGINS_BADGE_KEK:
   * the tool runs, but refuses to issue or sign anything until it is set.
   */
  kek: KeyEncryptionKey | null;
  /** Public verification requests per client address per minute. */
  verifyPerMinute: number;
}

/** Settings of the extension API: who may call it, token lifetimes, limits. */
export interface SyncConfig {
  /** Chrome/Edge extension ids whose `chrome-extension://<id>` origin may call the API (CORS) and whose pair.html the LMS UI opens. */
  extensionIds: string[];
  /** Firefox gives every install its own random moz-extension origin: accept the scheme (the bearer token is the real guard). */
  allowFirefoxExtensions: boolean;
  accessTokenSeconds: number;
  refreshTokenDays: number;
  pairingCodeSeconds: number;
  /** Requests per paired browser per minute. */
  extensionRateLimitPerMinute: number;
  /** Code exchanges and token refreshes per client address per minute. */
  pairingRateLimitPerMinute: number;
  /** Days the change feed keeps its rows; a browser that syncs later reads everything again (issue 16). */
  feedRetentionDays: number;
}

/**
 * The Chrome id the Margins extension pins with its manifest `key` (every unpacked and
 * policy-installed build), allowed when MARGINS_EXTENSION_IDS is not set.
 */
export const DEFAULT_EXTENSION_IDS: string[] = [MARGINS_CHROME_EXTENSION_ID];

/** Thrown when the environment is not usable; `problems` lists one sentence per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Margins tool cannot start because of its configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the secret kept in the data folder for development, creating it on first start. */
function localSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads the badge KEK kept in the data folder for development, creating it on first need. */
function localBadgeKek(dataDir: string): string {
  const file = join(dataDir, 'badge-kek.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = KeyEncryptionKey.generateConfigValue();
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/** Validates `env` (default `process.env`) and returns the configuration, or throws a ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) =>
        i.message.includes(String(i.path[0])) ? i.message : `${String(i.path[0])}: ${i.message}`,
      ),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  if (production && !e.PUBLIC_URL)
    problems.push('PUBLIC_URL is required in production (the https address the LMS reaches the tool at).');
  if (production && e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://'))
    problems.push('PUBLIC_URL must use https in production: LMS platforms refuse plain http tools.');
  if (production && !e.MARGINS_SECRET)
    problems.push('MARGINS_SECRET is required in production (generate one with: openssl rand -hex 32).');
  if (production && e.REGISTRATION_URLS === 'loopback')
    problems.push('REGISTRATION_URLS=loopback is only for local test platforms; remove it in production.');
  let kekText = e.MARGINS_BADGE_KEK;
  let kek: KeyEncryptionKey | null = null;
  if (kekText) {
    try {
      kek = KeyEncryptionKey.parse(kekText);
    } catch (err) {
      problems.push(`MARGINS_BADGE_KEK: ${err instanceof KeySealingError ? err.message : 'is not a valid key.'}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(e.DATA_DIR);
  if (!kekText && !production) {
    kekText = localBadgeKek(dataDir);
    kek = KeyEncryptionKey.parse(kekText);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(
    /\/+$/,
    '',
  );
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: join(dataDir, 'margins.sqlite') },
    dataDir,
    secret: e.MARGINS_SECRET ?? localSecret(dataDir),
    toolName: e.TOOL_NAME,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE_SECONDS,
    loginStateMaxAgeSeconds: e.LOGIN_STATE_MAX_AGE_SECONDS,
    clockSkewSeconds: e.LAUNCH_CLOCK_SKEW_SECONDS,
    jwksCacheSeconds: e.JWKS_CACHE_SECONDS,
    jwksTimeoutMs: e.JWKS_TIMEOUT_MS,
    registrationUrls: e.REGISTRATION_URLS ?? (production ? 'public' : 'loopback'),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    sync: {
      extensionIds: e.MARGINS_EXTENSION_IDS ?? DEFAULT_EXTENSION_IDS,
      allowFirefoxExtensions: e.MARGINS_FIREFOX_EXTENSIONS,
      accessTokenSeconds: e.ACCESS_TOKEN_SECONDS,
      refreshTokenDays: e.REFRESH_TOKEN_DAYS,
      pairingCodeSeconds: e.PAIRING_CODE_SECONDS,
      extensionRateLimitPerMinute: e.EXTENSION_RATE_LIMIT_PER_MINUTE,
      pairingRateLimitPerMinute: e.PAIRING_RATE_LIMIT_PER_MINUTE,
      feedRetentionDays: e.SYNC_FEED_RETENTION_DAYS,
    },
    badges: { kek, verifyPerMinute: e.BADGE_VERIFY_RATE_LIMIT_PER_MINUTE },
    quotas: {
      teacherAdaptations: e.QUOTA_TEACHER_ADAPTATIONS,
      teacherBytes: e.QUOTA_TEACHER_MB * MB,
      districtAdaptations: e.QUOTA_DISTRICT_ADAPTATIONS,
      districtBytes: e.QUOTA_DISTRICT_MB * MB,
    },
    healthPerMinute: e.HEALTH_RATE_LIMIT_PER_MINUTE,
  };
}
