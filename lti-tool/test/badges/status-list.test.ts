import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  IssuerKey,
  STATUS_LIST_MIN_LENGTH,
  buildStatusListEntry,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  issueAchievementCredential,
  issueStatusListCredential,
  randomStatusIndex,
  readStatus,
  setStatusBit,
  verifyAchievementCredential,
  type StatusListCredential,
} from '../../src/badges/index.js';
import { districtKey, issuer, ruleInput } from './fixtures.js';

const LIST_URL = `${issuer.id}/status/1`;
const now = new Date('2026-06-01T00:00:00Z');

describe('bitstring status lists', () => {
  it('numbers bits from the left of the first byte', () => {
    const bits = createStatusList();
    expect(bits).toHaveLength(STATUS_LIST_MIN_LENGTH / 8);
    setStatusBit(bits, 0, true);
    setStatusBit(bits, 9, true);
    expect([bits[0], bits[1]]).toEqual([0x80, 0x40]);
    expect(getStatusBit(bits, 9)).toBe(true);
    setStatusBit(bits, 9, false);
    expect(getStatusBit(bits, 9)).toBe(false);
    expect(() => setStatusBit(bits, STATUS_LIST_MIN_LENGTH, true)).toThrow(RangeError);
    expect(() => createStatusList(1024)).toThrow(RangeError);
  });

  it('encodes as multibase base64url of GZIP and decodes back', () => {
    const bits = createStatusList();
    setStatusBit(bits, 94_567, true);
    const encoded = encodeStatusList(bits);
    expect(encoded).toMatch(/^uH4sI[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(200);
    const decoded = decodeStatusList(encoded);
    expect(Buffer.from(decoded)).toEqual(Buffer.from(bits));
    expect(decodeStatusList(encoded.slice(1))).toEqual(decoded);
  });

  it('refuses to inflate a list into an unbounded amount of memory', () => {
    const bomb = `u${gzipSync(Buffer.alloc(32 * 1024 * 1024)).toString('base64url')}`;
    expect(() => decodeStatusList(bomb)).toThrow();
  });

  it('picks random free indexes', () => {
    const taken = new Set<number>();
    for (let i = 0; i < 200; i++) taken.add(randomStatusIndex((n) => taken.has(n)));
    expect(taken.size).toBe(200);
    expect(() => randomStatusIndex(() => true)).toThrow(/full/);
  });

  it('builds the BitstringStatusListEntry a credential carries', () => {
    expect(buildStatusListEntry(LIST_URL, 42)).toEqual({
      id: `${LIST_URL}#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: LIST_URL,
    });
  });

  it('reads the bit and applies the spec checks', async () => {
    const { key } = districtKey();
    const bits = createStatusList();
    setStatusBit(bits, 7, true);
    const list = await issueStatusListCredential({ id: LIST_URL, issuerId: issuer.id, bits }, key, {
      verificationMethod: `${issuer.id}#${key.publicKeyMultibase}`,
    });
    expect(readStatus(buildStatusListEntry(LIST_URL, 7), list)).toEqual({ ok: true, revoked: true });
    expect(readStatus(buildStatusListEntry(LIST_URL, 8), list)).toEqual({ ok: true, revoked: false });
    expect(readStatus(buildStatusListEntry(`${LIST_URL}x`, 7), list).ok).toBe(false);
    expect(readStatus({ ...buildStatusListEntry(LIST_URL, 7), statusPurpose: 'suspension' }, list).ok).toBe(false);
    expect(readStatus({ ...buildStatusListEntry(LIST_URL, 7), statusListIndex: '-1' }, list).ok).toBe(false);
    expect(readStatus(buildStatusListEntry(LIST_URL, STATUS_LIST_MIN_LENGTH), list).ok).toBe(false);
    const short = {
      ...list,
      credentialSubject: {
        ...list.credentialSubject,
        encodedList: `u${gzipSync(Buffer.alloc(16)).toString('base64url')}`,
      },
    };
    expect(readStatus(buildStatusListEntry(LIST_URL, 7), short)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at least 131072/),
    });
  });
});

describe('revocation through the status list', async () => {
  const { key, resolver } = districtKey();
  const vm = `${issuer.id}#${key.publicKeyMultibase}`;
  const index = 1_234;
  const credential = await issueAchievementCredential(
    ruleInput({ status: buildStatusListEntry(LIST_URL, index) }),
    key,
  );
  const bits = createStatusList();
  const publish = async (signingKey: IssuerKey = key, issuerId = issuer.id) =>
    issueStatusListCredential(
      { id: LIST_URL, issuerId, bits, validFrom: new Date('2026-01-01T00:00:00Z') },
      signingKey,
      { verificationMethod: signingKey === key ? vm : signingKey.did + '#' + signingKey.publicKeyMultibase },
    );
  const verifyWith = (list: StatusListCredential | null) =>
    verifyAchievementCredential(credential, {
      resolveVerificationMethod: resolver,
      now,
      loadStatusList: (url) => (url === LIST_URL ? list : null),
    });

  it('is active before the district revokes it and revoked afterwards', async () => {
    expect(await verifyWith(await publish())).toMatchObject({ valid: true, status: 'active' });
    setStatusBit(bits, index, true);
    const revoked = await verifyWith(await publish());
    expect(revoked).toMatchObject({ valid: false, status: 'revoked' });
    expect(revoked.problems.map((p) => p.code)).toEqual(['revoked']);
    setStatusBit(bits, index, false);
  });

  it('does not trust a status list that was changed after signing (here: a bit flipped) or signed by someone else', async () => {
    const list = await publish();
    const flipped = structuredClone(list);
    const b = createStatusList();
    setStatusBit(b, index, true);
    flipped.credentialSubject.encodedList = encodeStatusList(b);
    expect(await verifyWith(flipped)).toMatchObject({
      valid: false,
      status: 'unchecked',
      problems: [expect.objectContaining({ code: 'status_invalid' })],
    });
    const mallory = IssuerKey.generate();
    expect((await verifyWith(await publish(mallory))).problems.map((p) => p.code)).toEqual(['status_invalid']);
    expect((await verifyWith(await publish(mallory, mallory.did))).problems.map((p) => p.code)).toEqual([
      'status_invalid',
    ]);
  });

  it('cannot confirm the status without the list', async () => {
    expect((await verifyWith(null)).problems.map((p) => p.code)).toEqual(['status_unavailable']);
    const noLoader = await verifyAchievementCredential(credential, { resolveVerificationMethod: resolver, now });
    expect(noLoader).toMatchObject({ valid: false, status: 'unchecked' });
    const throwing = await verifyAchievementCredential(credential, {
      resolveVerificationMethod: resolver,
      now,
      loadStatusList: () => {
        throw new Error('network down');
      },
    });
    expect(throwing.problems.map((p) => p.code)).toEqual(['status_unavailable']);
  });

  it('rejects an expired status list', async () => {
    const list = await issueStatusListCredential(
      {
        id: LIST_URL,
        issuerId: issuer.id,
        bits,
        validFrom: new Date('2026-01-01T00:00:00Z'),
        validUntil: new Date('2026-02-01T00:00:00Z'),
      },
      key,
      { verificationMethod: vm },
    );
    expect((await verifyWith(list)).problems.map((p) => p.code)).toEqual(['status_invalid']);
  });
});
