import { describe, expect, it } from 'vitest';
import { ExtensionTokens } from '../src/services/extension-tokens.js';
import { SignedTokenCodec } from '../src/services/signed-token.js';
import { SessionTokens } from '../src/lti/session-token.js';

const secret = 's'.repeat(40);
const subject = '7b0c6a64-4a4c-4e4d-9d54-9e0c8d1f1a2b';

describe('SignedTokenCodec', () => {
  const codec = new SignedTokenCodec(secret, 'test-purpose', 'tst1', 600);

  it('returns the subject of a token it issued until the lifetime ends', () => {
    const { token, expiresAt } = codec.issue(subject, 1_000_000);
    expect(expiresAt).toBe(1_000_600);
    expect(token.startsWith(`tst1.${subject}.1000600.`)).toBe(true);
    expect(codec.verify(token, 1_000_599)).toEqual({ subject });
    expect(codec.verify(token, 1_000_600)).toBe('expired');
  });

  it('refuses a changed subject, expiry or mac, another prefix and another purpose key', () => {
    const { token } = codec.issue(subject, 1_000_000);
    const [, , exp, mac] = token.split('.') as [string, string, string, string];
    expect(codec.verify(`tst1.other.${exp}.${mac}`, 1_000_001)).toBe('invalid');
    expect(codec.verify(`tst1.${subject}.1000601.${mac}`, 1_000_001)).toBe('invalid');
    expect(codec.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 1_000_001)).toBe('invalid');
    expect(codec.verify(token.replace('tst1.', 'oth1.'), 1_000_001)).toBe('invalid');
    expect(new SignedTokenCodec(secret, 'other-purpose', 'tst1', 600).verify(token, 1_000_001)).toBe('invalid');
    expect(new SignedTokenCodec('t'.repeat(40), 'test-purpose', 'tst1', 600).verify(token, 1_000_001)).toBe('invalid');
    expect(codec.verify('garbage', 1)).toBe('invalid');
    expect(codec.verify(`${token}.extra`, 1_000_001)).toBe('invalid');
  });

  it('treats a signed expiry beyond lifetime plus one minute of skew as expired', () => {
    // A token signed by a codec with a longer lifetime (same key) claims too much: refused.
    const long = new SignedTokenCodec(secret, 'test-purpose', 'tst1', 600 + 61).issue(subject, 1_000_000);
    expect(codec.verify(long.token, 1_000_000)).toBe('expired');
    const withinSkew = new SignedTokenCodec(secret, 'test-purpose', 'tst1', 600 + 60).issue(subject, 1_000_000);
    expect(codec.verify(withinSkew.token, 1_000_000)).toEqual({ subject });
  });

  it('refuses to issue for a subject that would break the format', () => {
    expect(() => codec.issue('a.b')).toThrow(/subject/);
    expect(() => codec.issue('')).toThrow(/subject/);
  });

  it('backs both the launch session token and the extension access token, which never pass for each other', () => {
    const sessions = new SessionTokens(secret, 600);
    const access = new ExtensionTokens(secret, 600);
    const session = sessions.issue(subject, 1_000_000).token;
    const device = access.issueAccess(subject, 1_000_000).token;
    expect(session.startsWith('mgl1.')).toBe(true);
    expect(device.startsWith('mga1.')).toBe(true);
    expect(sessions.verify(session, 1_000_001)).toEqual({ launchId: subject });
    expect(access.verifyAccess(device, 1_000_001)).toEqual({ deviceId: subject });
    expect(sessions.verify(device, 1_000_001)).toBe('invalid');
    expect(access.verifyAccess(session, 1_000_001)).toBe('invalid');
    // Same prefix swapped in: the purpose-bound keys still differ.
    expect(access.verifyAccess(session.replace('mgl1.', 'mga1.'), 1_000_001)).toBe('invalid');
  });
});
