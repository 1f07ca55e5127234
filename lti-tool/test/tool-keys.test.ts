import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { AGS_SCOPES } from '../src/lti/ags-client.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';

const SECRET = 'tool-keys-secret-tool-keys-secret-0123';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** A platform as an admin would register it (no network: nothing here fetches these URLs). */
function platform(n: number) {
  const issuer = `https://lms${n}.district.example`;
  return {
    issuer,
    clientId: `client-${n}`,
    authEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    deploymentIds: ['dep-1'],
  };
}

async function keyset(tool: TestTool): Promise<JSONWebKeySet & { keys: Array<Record<string, unknown>> }> {
  const res = await fetch(`${tool.url}/lti/keys`);
  expect(res.status).toBe(200);
  return (await res.json()) as JSONWebKeySet & { keys: Array<Record<string, unknown>> };
}

/** A fetch standing in for platform token endpoints: records each client assertion and grants a token. */
function tokenEndpoint() {
  const assertions: string[] = [];
  const fetchImpl: typeof fetch = async (_url, init) => {
    const body = new URLSearchParams(
      init?.body instanceof URLSearchParams || typeof init?.body === 'string' ? init.body : '',
    );
    assertions.push(body.get('client_assertion') ?? '');
    return new Response(JSON.stringify({ access_token: 'granted', token_type: 'Bearer', expires_in: 3600 }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { assertions, fetchImpl };
}

for (const kind of databaseKinds()) {
  describe(`the tool's LTI keys on ${kind.name}`, { timeout: 120_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    const grants = tokenEndpoint();
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { MARGINS_SECRET: SECRET }, { fetch: grants.fetchImpl });
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('publishes one RS256 signing key per registered platform, with kid, alg and use, and no private members', async () => {
      const t1 = await tool.services.platforms.register(platform(1));
      await tool.services.platforms.register(platform(2));
      const set = await keyset(tool);
      expect(set.keys).toHaveLength(2);
      for (const k of set.keys) {
        expect(Object.keys(k).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
        expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
        for (const m of PRIVATE_MEMBERS) expect(k).not.toHaveProperty(m);
        // New keys are RSA 2048: a 256-byte modulus.
        expect(Buffer.from(String(k.n), 'base64url')).toHaveLength(256);
        expect(k.kid).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: String(k.n), e: String(k.e) }));
      }
      const row = await tool.services.db.knex('tenants').where({ id: t1.id }).first('tool_kid');
      expect(set.keys.map((k) => k.kid)).toContain(row.tool_kid);
    });

    it('stores private keys only sealed, and a tool with another MARGINS_SECRET cannot sign with them', async () => {
      const rows = await tool.services.db.knex('lti_tool_keys').select('kid', 'private_key_sealed', 'public_jwk');
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.private_key_sealed).toMatch(/^obk1\.[0-9a-f]{16}\./);
        expect(r.private_key_sealed).not.toMatch(/PRIVATE KEY/);
        // No part of the sealed value is a usable key. (A text search for the DER prefix "MII" matched random
        // ciphertext about once in a hundred runs, so each part is tried as a key instead.)
        for (const part of String(r.private_key_sealed).split('.').slice(2)) {
          expect(() =>
            createPrivateKey({ key: Buffer.from(part, 'base64url'), format: 'der', type: 'pkcs8' }),
          ).toThrow();
        }
        expect(Object.keys(JSON.parse(r.public_jwk)).sort()).toEqual(['e', 'kty', 'n']);
      }
      const other = await startTestTool(db, { MARGINS_SECRET: 'another-secret-another-secret-0123456' });
      try {
        await expect(
          other.services.ags.accessToken({ issuer: platform(1).issuer, clientId: platform(1).clientId }, [
            AGS_SCOPES.score,
          ]),
        ).rejects.toThrow(/sealed under another MARGINS_SECRET/);
      } finally {
        await other.stop();
      }
    });

    it('signs the AGS client assertion with the platform key the keyset publishes', async () => {
      const p = platform(1);
      await tool.services.ags.accessToken({ issuer: p.issuer, clientId: p.clientId }, [AGS_SCOPES.score]);
      const assertion = grants.assertions.at(-1)!;
      const { payload, protectedHeader } = await jwtVerify(assertion, createLocalJWKSet(await keyset(tool)), {
        issuer: p.clientId,
        subject: p.clientId,
        audience: p.tokenEndpoint,
        algorithms: ['RS256'],
      });
      const row = await tool.services.db.knex('tenants').where({ issuer: p.issuer }).first('tool_kid');
      expect(protectedHeader.kid).toBe(row.tool_kid);
      expect(payload.jti).toEqual(expect.any(String));
    });

    it('keeps the kid when a platform registers again with new endpoints', async () => {
      const before = await keyset(tool);
      const moved = { ...platform(1), tokenEndpoint: 'https://lms1.district.example/oauth2/token' };
      await tool.services.platforms.register(moved);
      expect(await keyset(tool)).toEqual(before);
      tool.services.ags.clear();
      await tool.services.ags.accessToken({ issuer: moved.issuer, clientId: moved.clientId }, [AGS_SCOPES.score]);
      const header = decodeProtectedHeader(grants.assertions.at(-1)!);
      await jwtVerify(grants.assertions.at(-1)!, createLocalJWKSet(before), { audience: moved.tokenEndpoint });
      expect(before.keys.map((k) => k.kid)).toContain(header.kid);
    });

    it('serves the same keys and signs with them after a restart', async () => {
      const before = await keyset(tool);
      await tool.stop();
      tool = await startTestTool(db, { MARGINS_SECRET: SECRET }, { fetch: grants.fetchImpl });
      expect(await keyset(tool)).toEqual(before);
      const p = platform(2);
      await tool.services.ags.accessToken({ issuer: p.issuer, clientId: p.clientId }, [AGS_SCOPES.score]);
      await jwtVerify(grants.assertions.at(-1)!, createLocalJWKSet(before), { audience: p.tokenEndpoint });
    });
  });

  describe(`two tool instances starting together on ${kind.name}`, { timeout: 120_000 }, () => {
    let db: TestDatabase;
    const tools: TestTool[] = [];
    beforeAll(async () => {
      db = await kind.create();
    });
    afterAll(async () => {
      for (const t of tools) await t.stop();
      await db?.drop();
    });

    it('both start on one empty database, each migration applied once', async () => {
      tools.push(...(await Promise.all([startTestTool(db), startTestTool(db)])));
      const versions = (await tools[0]!.services.db.knex('margins_migrations').select('version')).map((r) =>
        Number(r.version),
      );
      expect(versions.length).toBe(new Set(versions).size);
      expect(versions).toContain(53);
    });

    it('make one key when both register the same platform at once', async () => {
      const p = platform(7);
      const [tenant] = await Promise.all(tools.map((t) => t.services.platforms.register(p)));
      const [a, b] = await Promise.all(tools.map((t) => keyset(t)));
      expect(a!.keys).toHaveLength(1);
      expect(b).toEqual(a);
      const row = await tools[0]!.services.db.knex('tenants').where({ id: tenant!.id }).first('tool_kid');
      expect(row.tool_kid).toBe(a!.keys[0]!.kid);
    });
  });
}
