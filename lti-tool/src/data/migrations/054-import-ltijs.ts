import { createDecipheriv, createHash, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Migration, MigrationSecrets } from '../migrations.js';

/**
 * Upgrade from the versions that kept the platform registry in ltijs 5.9.9 + ltijs-sequelize 2.4.4 on
 * the same database: each ltijs platform becomes (or fills in) its tenant's endpoints, and its tool key
 * pair is imported with the same kid, so the LMSs that cached our keyset URL and that kid keep verifying
 * what the tool signs. ltijs' layout, read from its 5.9.9 source:
 *
 * - `platforms`: platformName, platformUrl (the issuer), clientId, authEndpoint, accesstokenEndpoint,
 *   kid, authConfig (JSON {method, key}; Margins always registered method JWK_SET with the JWKS URL);
 * - `privatekeys` (and `publickeys`): kid, platformUrl, clientId, iv, data, where data is
 *   AES-256-CBC (key: SHA-256 of the setup encryption key, hex iv) of the JSON {key, kid}, key being the
 *   RSA private key as PKCS#1 PEM (4096 bits). The public half is derived from the private one.
 * - `platformStatuses` is not read: only ltijs' own dynamic registration route (never reachable in
 *   Margins) or a platformActive(false) call (never made) wrote it, so every platform was active.
 *
 * The ltijs tables are left as they were (an older build could still start on them); nothing reads them
 * after this. A database without them (a new install) is not touched.
 */
export const migration054: Migration = {
  version: 54,
  name: 'import the platform registry and tool keys from ltijs tables, if present',
  async up(k, { secrets }) {
    if (!(await isLtijsDatabase(k))) return;
    const platforms = z.array(LtijsPlatformRow).parse(await k('platforms').select());
    if (platforms.length === 0) return;
    if (!secrets)
      throw new Error(
        'This database holds platform registrations made by ltijs; importing them needs MARGINS_SECRET. Start the tool (or pass secrets to migrate) to upgrade it.',
      );
    for (const p of platforms) await importPlatform(k, p, secrets);
  },
};

const LtijsPlatformRow = z.object({
  platformName: z.string().nullable(),
  platformUrl: z.string(),
  clientId: z.string(),
  authEndpoint: z.string().nullable(),
  accesstokenEndpoint: z.string().nullable(),
  kid: z.string().nullable(),
  authConfig: z.union([z.string(), z.record(z.string(), z.unknown())]).nullable(),
});
type LtijsPlatformRow = z.infer<typeof LtijsPlatformRow>;

const LtijsKeyRow = z.object({
  kid: z.string(),
  iv: z.string(),
  data: z.string(),
  createdAt: z.union([z.string(), z.date()]),
});

const AuthConfig = z.object({ method: z.string(), key: z.string() });
const SealedKeyJson = z.object({ key: z.string(), kid: z.string() });

async function isLtijsDatabase(k: Knex): Promise<boolean> {
  return (await k.schema.hasTable('platforms')) && (await k.schema.hasColumn('platforms', 'platformUrl'));
}

async function importPlatform(k: Knex, p: LtijsPlatformRow, secrets: MigrationSecrets): Promise<void> {
  let tenant = await k('tenants')
    .where({ issuer: p.platformUrl, client_id: p.clientId })
    .first<{ id: string } | undefined>('id');
  if (!tenant) {
    // Margins always made the tenant with the platform; a platform without one gets one named like it.
    const name = (p.platformName ?? '').trim() || new URL(p.platformUrl).host;
    tenant = { id: randomUUID() };
    await k('tenants').insert({
      id: tenant.id,
      issuer: p.platformUrl,
      client_id: p.clientId,
      name: name.slice(0, 200),
      product: /^(canvas|moodle) /.exec(name)?.[1] ?? 'other',
      created_at: new Date().toISOString(),
    });
  }
  const auth = AuthConfig.safeParse(typeof p.authConfig === 'string' ? safeJson(p.authConfig) : p.authConfig);
  await k('tenants')
    .where({ id: tenant.id })
    .update({
      auth_endpoint: p.authEndpoint,
      token_endpoint: p.accesstokenEndpoint,
      // Other methods (a pasted key) were never used by Margins; such a platform is asked to register again.
      jwks_url: auth.success && auth.data.method === 'JWK_SET' ? auth.data.key : null,
    });
  if (!p.kid || !(await k.schema.hasTable('privatekeys'))) return;
  const row: unknown = await k('privatekeys').where({ kid: p.kid }).first();
  if (!row) return; // a new key is made at first need
  const stored = LtijsKeyRow.parse(row);
  const privateKey = createPrivateKey(decryptLtijs(stored.data, stored.iv, secrets.ltijsKey, p.kid).key);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const { kty, n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  await k('lti_tool_keys')
    .insert({
      kid: p.kid,
      tenant_id: tenant.id,
      public_jwk: JSON.stringify({ kty, n, e }),
      private_key_sealed: secrets.sealToolKey(tenant.id, p.kid, pem),
      created_at: isoOf(stored.createdAt),
    })
    .onConflict('kid')
    .ignore();
  await k('tenants').where({ id: tenant.id }).update({ tool_kid: p.kid });
}

/** Opens one ltijs-sequelize encrypted row (its Database.Decrypt). */
function decryptLtijs(data: string, iv: string, ltijsKey: string, kid: string): z.infer<typeof SealedKeyJson> {
  try {
    const key = createHash('sha256').update(ltijsKey).digest();
    const decipher = createDecipheriv('aes-256-cbc', key, Buffer.from(iv, 'hex'));
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'hex')), decipher.final()]).toString('utf8');
    const parsed = SealedKeyJson.parse(JSON.parse(text));
    if (parsed.kid !== kid) throw new Error('kid mismatch');
    return parsed;
  } catch {
    throw new Error(
      `The tool key ${kid} that ltijs stored could not be opened with the key derived from MARGINS_SECRET. Start the tool with the MARGINS_SECRET it used before the upgrade, or the learning platforms will reject what it signs.`,
    );
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}

/** Sequelize's SQLite timestamps read "2026-12-06 14:28:53.083 +00:00"; pg gives a Date. */
function isoOf(v: string | Date): string {
  const d = v instanceof Date ? v : new Date(v.replace(' ', 'T').replace(' ', ''));
  return Number.isNaN(d.getTime()) ? new Date().toISOString() : d.toISOString();
}
