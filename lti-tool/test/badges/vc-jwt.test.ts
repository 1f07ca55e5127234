import { describe, expect, it } from 'vitest';
import {
  IssuerKey,
  buildStatusListEntry,
  createStatusList,
  issueAchievementCredential,
  issueStatusListCredential,
  setStatusBit,
  signCredentialJwt,
  verifyCredentialJwt,
} from '../../src/badges/index.js';
import { districtKey, issuer, ruleInput } from './fixtures.js';

const now = new Date('2026-06-01T00:00:00Z');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('VC-JWT', async () => {
  const { key, resolver } = districtKey();
  const kid = `${issuer.id}#${key.publicKeyMultibase}`;
  const credential = await issueAchievementCredential(ruleInput({ validUntil: new Date('2030-01-01T00:00:00Z') }), key);
  const jwt = signCredentialJwt(credential, key, { kid });
  const verify = (token: string) => verifyCredentialJwt(token, { resolveVerificationMethod: resolver, now });
  const resign = (header: unknown, payload: unknown, k: IssuerKey = key) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${Buffer.from(k.sign(Buffer.from(input))).toString('base64url')}`;
  };

  it('signs the credential as the payload with iss, jti, nbf and exp claims, and verifies it', async () => {
    const [h, p] = jwt.split('.');
    expect(decode(h!)).toEqual({ alg: 'EdDSA', kid, typ: 'JWT' });
    const payload = decode(p!);
    expect(payload).toMatchObject({
      iss: issuer.id,
      jti: credential.id,
      nbf: Date.parse(credential.validFrom) / 1000,
      exp: Date.parse('2030-01-01T00:00:00Z') / 1000,
      name: credential.name,
    });
    expect(payload.sub).toBeUndefined();
    expect(await verify(jwt)).toMatchObject({
      valid: true,
      problems: [],
      issuerId: issuer.id,
      verificationMethod: kid,
    });
  });

  it('reports tampering with the payload or a claim that disagrees with the credential', async () => {
    const [h, p, s] = jwt.split('.');
    const changed = { ...decode(p!), name: 'Master teacher' };
    expect((await verify(`${h}.${b64(changed)}.${s}`)).problems.map((x) => x.code)).toEqual(['tampered']);
    const lying = resign(decode(h!), { ...decode(p!), jti: 'https://margins.example.org/other' });
    expect((await verify(lying)).problems.map((x) => x.code)).toEqual(['tampered']);
    const lateNbf = resign(decode(h!), { ...decode(p!), nbf: 1 });
    expect((await verify(lateNbf)).problems.map((x) => x.code)).toEqual(['tampered']);
  });

  it('refuses other algorithms, header-only keys, unknown keys and keys of someone else', async () => {
    const p = decode(jwt.split('.')[1]!);
    expect((await verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(p)}.`)).problems.map((x) => x.code)).toEqual([
      'unsupported_proof',
    ]);
    const mallory = IssuerKey.generate();
    expect(
      (await verify(resign({ alg: 'EdDSA', jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AA' } }, p, mallory))).problems.map(
        (x) => x.code,
      ),
    ).toEqual(['unknown_key']);
    expect(
      (
        await verify(resign({ alg: 'EdDSA', kid: `${issuer.id}#${mallory.publicKeyMultibase}` }, p, mallory))
      ).problems.map((x) => x.code),
    ).toEqual(['unknown_key']);
    expect(
      (
        await verify(resign({ alg: 'EdDSA', kid: `${mallory.did}#${mallory.publicKeyMultibase}` }, p, mallory))
      ).problems.map((x) => x.code),
    ).toEqual(['key_not_authorized']);
  });

  it('answers malformed tokens with a problem', async () => {
    for (const token of ['', 'a.b', 'a.b.c.d', '!!.??.**', `${b64([1])}.${b64([2])}.x`]) {
      expect((await verify(token)).problems.map((x) => x.code)).toEqual(['malformed']);
    }
  });

  it('applies revocation and expiry to a VC-JWT as to an embedded proof', async () => {
    const listUrl = `${issuer.id}/status/jwt`;
    const withStatus = await issueAchievementCredential(ruleInput({ status: buildStatusListEntry(listUrl, 3) }), key);
    const token = signCredentialJwt(withStatus, key, { kid });
    const bits = createStatusList();
    setStatusBit(bits, 3, true);
    const list = await issueStatusListCredential(
      { id: listUrl, issuerId: issuer.id, bits, validFrom: new Date('2026-01-01T00:00:00Z') },
      key,
      { verificationMethod: kid },
    );
    const result = await verifyCredentialJwt(token, {
      resolveVerificationMethod: resolver,
      now,
      loadStatusList: () => list,
    });
    expect(result).toMatchObject({ valid: false, status: 'revoked' });
    expect(
      (
        await verifyCredentialJwt(jwt, { resolveVerificationMethod: resolver, now: new Date('2031-01-01T00:00:00Z') })
      ).problems.map((x) => x.code),
    ).toEqual(['expired']);
  });
});
