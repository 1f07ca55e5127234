import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  IssuerKey,
  KeyEncryptionKey,
  KeySealingError,
  sealIssuerKey,
  sealedWith,
  unsealIssuerKey,
} from '../../src/badges/index.js';

const kekText = KeyEncryptionKey.generateConfigValue();
const kek = KeyEncryptionKey.parse(kekText);

describe('sealing issuer keys at rest', () => {
  it('unseals to the same key, which signs exactly as before', () => {
    const key = IssuerKey.generate();
    const sealed = sealIssuerKey(key, kek, 'district-1');
    const opened = unsealIssuerKey(sealed, kek, 'district-1');
    expect(opened.publicKeyMultibase).toBe(key.publicKeyMultibase);
    const data = new TextEncoder().encode('credential bytes');
    expect(Buffer.from(opened.sign(data))).toEqual(Buffer.from(key.sign(data)));
  });

  it('never stores the secret in the clear and seals differently each time', () => {
    const key = IssuerKey.generate();
    const a = sealIssuerKey(key, kek, 'district-1');
    const b = sealIssuerKey(key, kek, 'district-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain(key.exportSecretKeyMultibase());
    expect(a).not.toContain(kekText);
    expect(a.startsWith(`obk1.${kek.fingerprint}.`)).toBe(true);
    expect(sealedWith(a)).toBe(kek.fingerprint);
  });

  it('refuses a sealed key moved to another owner', () => {
    const sealed = sealIssuerKey(IssuerKey.generate(), kek, 'district-1');
    expect(() => unsealIssuerKey(sealed, kek, 'district-2')).toThrow(KeySealingError);
  });

  it('refuses a sealed key whose ciphertext, tag or IV was changed', () => {
    const sealed = sealIssuerKey(IssuerKey.generate(), kek, 'd');
    const parts = sealed.split('.');
    for (const index of [2, 3, 4]) {
      const changed = [...parts];
      const bytes = Buffer.from(changed[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      changed[index] = bytes.toString('base64url');
      expect(() => unsealIssuerKey(changed.join('.'), kek, 'd')).toThrow(KeySealingError);
    }
    expect(() => unsealIssuerKey('not a sealed key', kek, 'd')).toThrow(/format/);
  });

  it('names the missing key-encryption key when the configured one is different, and opens it after rotation', () => {
    const old = KeyEncryptionKey.parse(KeyEncryptionKey.generateConfigValue());
    const sealed = sealIssuerKey(IssuerKey.generate(), old, 'd');
    expect(() => unsealIssuerKey(sealed, kek, 'd')).toThrow(new RegExp(old.fingerprint));
    expect(unsealIssuerKey(sealed, [kek, old], 'd').publicKeyMultibase).toMatch(/^z6Mk/);
  });

  it('parses hex, base64 and base64url key-encryption keys and refuses weak ones without echoing them', () => {
    const bytes = Buffer.alloc(32, 7);
    const fingerprint = KeyEncryptionKey.parse(bytes.toString('hex')).fingerprint;
    expect(KeyEncryptionKey.parse(bytes.toString('base64')).fingerprint).toBe(fingerprint);
    expect(KeyEncryptionKey.parse(bytes.toString('base64url')).fingerprint).toBe(fingerprint);
    for (const weak of ['', 'password', Buffer.alloc(16, 1).toString('base64'), 'g'.repeat(64)]) {
      let message = '';
      try {
        KeyEncryptionKey.parse(weak);
      } catch (e) {
        expect(e).toBeInstanceOf(KeySealingError);
        message = (e as Error).message;
      }
      expect(message).toMatch(/32 random bytes/);
      if (weak) expect(message).not.toContain(weak);
    }
  });

  it('shows only the fingerprint of a key-encryption key when logged', () => {
    for (const rendering of [
      String(kek),
      JSON.stringify({ kek }),
      inspect(kek),
      inspect({ kek }, { showHidden: true, depth: 5 }),
    ]) {
      expect(rendering).toContain(kek.fingerprint);
      expect(rendering).not.toContain(kekText);
      expect(rendering).not.toContain(Buffer.from(kekText, 'base64').toString('hex'));
    }
  });
});
