import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  IssuerKey,
  KeyFormatError,
  decodeEd25519PublicKeyMultibase,
  didKeyVerificationMethodOf,
  encodeEd25519PublicKeyMultibase,
  httpsVerificationMethodOf,
  resolveDidKey,
  createVerificationMethodResolver,
  decodeBase58btcMultibase,
  verifyEd25519,
} from '../../src/badges/index.js';

describe('issuer keys', () => {
  it('generates an Ed25519 key whose Multikey starts with z6Mk and whose signatures verify', () => {
    const key = IssuerKey.generate();
    expect(key.publicKeyMultibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(decodeEd25519PublicKeyMultibase(key.publicKeyMultibase)).toEqual(key.publicKey);
    const data = new TextEncoder().encode('hello');
    const signature = key.sign(data);
    expect(signature).toHaveLength(64);
    expect(verifyEd25519(key.publicKey, data, signature)).toBe(true);
    expect(verifyEd25519(key.publicKey, new TextEncoder().encode('hellO'), signature)).toBe(false);
    expect(verifyEd25519(IssuerKey.generate().publicKey, data, signature)).toBe(false);
  });

  it('round-trips through secretKeyMultibase and signs identically afterwards', () => {
    const key = IssuerKey.generate();
    const secret = key.exportSecretKeyMultibase();
    expect(secret).toMatch(/^z3u2/);
    const again = IssuerKey.fromSecretKeyMultibase(secret);
    expect(again.publicKeyMultibase).toBe(key.publicKeyMultibase);
    const data = new Uint8Array([1, 2, 3]);
    expect(Buffer.from(again.sign(data))).toEqual(Buffer.from(key.sign(data)));
  });

  it('accepts the 64-byte seed plus public key form and rejects a mismatched public half', () => {
    const key = IssuerKey.generate();
    const raw = decodeSeed(key);
    expect(raw).toHaveLength(32);
    expect(IssuerKey.fromSecretKeyBytes(raw).publicKeyMultibase).toBe(key.publicKeyMultibase);
    expect(IssuerKey.fromSecretKeyBytes(Buffer.concat([raw, Buffer.from(key.publicKey)])).publicKeyMultibase).toBe(
      key.publicKeyMultibase,
    );
    expect(() =>
      IssuerKey.fromSecretKeyBytes(Buffer.concat([raw, Buffer.from(IssuerKey.generate().publicKey)])),
    ).toThrow(KeyFormatError);
    expect(() => IssuerKey.fromSecretKeyBytes(new Uint8Array(31))).toThrow(KeyFormatError);
  });

  it('never shows the secret key in JSON, strings, inspect or console output', () => {
    const key = IssuerKey.generate();
    const secret = key.exportSecretKeyMultibase();
    const seedHex = decodeSeed(key).toString('hex');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    console.log(key, { key });
    const logged = log.mock.calls.map((args) => args.map((a) => inspect(a, { depth: 5 })).join(' ')).join('\n');
    log.mockRestore();
    for (const rendering of [
      JSON.stringify(key),
      JSON.stringify({ nested: key }),
      String(key),
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what a template literal renders is under test
      `${key}`,
      inspect(key),
      inspect({ key }, { depth: 10, showHidden: true }),
      logged,
    ]) {
      expect(rendering).not.toContain(secret);
      expect(rendering).not.toContain(seedHex);
      expect(rendering).toContain(key.publicKeyMultibase);
    }
    expect(Object.keys(key)).not.toContain('secret');
  });

  it('rejects public keys of the wrong codec or length', () => {
    const key = IssuerKey.generate();
    expect(() => decodeEd25519PublicKeyMultibase(key.publicKeyMultibase.slice(0, -2))).toThrow(KeyFormatError);
    expect(() => decodeEd25519PublicKeyMultibase(`u${key.publicKeyMultibase.slice(1)}`)).toThrow(KeyFormatError);
    expect(() => decodeEd25519PublicKeyMultibase('z0OIl')).toThrow(KeyFormatError);
    expect(() => encodeEd25519PublicKeyMultibase(new Uint8Array(33))).toThrow(KeyFormatError);
    expect(() => IssuerKey.fromSecretKeyMultibase(key.publicKeyMultibase)).toThrow(KeyFormatError);
  });

  it('names keys as did:key and as an https verification method beside the issuer profile', () => {
    const key = IssuerKey.generate();
    const pk = key.publicKeyMultibase;
    expect(key.did).toBe(`did:key:${pk}`);
    expect(didKeyVerificationMethodOf(pk)).toBe(`did:key:${pk}#${pk}`);
    expect(httpsVerificationMethodOf('https://tool.example/badges/issuers/d1', pk)).toBe(
      `https://tool.example/badges/issuers/d1#${pk}`,
    );
    expect(() => httpsVerificationMethodOf('http://tool.example/issuers/d1', pk)).toThrow(KeyFormatError);
    expect(() => httpsVerificationMethodOf('https://tool.example/issuers/d1#x', pk)).toThrow(KeyFormatError);
    expect(key.multikeyDocument('https://tool.example/k', 'https://tool.example/i')).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: 'https://tool.example/k',
      type: 'Multikey',
      controller: 'https://tool.example/i',
      publicKeyMultibase: pk,
    });
  });

  it('resolves did:key offline and refuses malformed ones', () => {
    const pk = IssuerKey.generate().publicKeyMultibase;
    const other = IssuerKey.generate().publicKeyMultibase;
    expect(resolveDidKey(`did:key:${pk}#${pk}`)).toEqual({
      id: `did:key:${pk}#${pk}`,
      controller: `did:key:${pk}`,
      publicKeyMultibase: pk,
    });
    expect(resolveDidKey(`did:key:${pk}`)?.controller).toBe(`did:key:${pk}`);
    expect(resolveDidKey(`did:key:${pk}#${other}`)).toBeNull();
    expect(resolveDidKey(`did:key:${pk.slice(0, -3)}`)).toBeNull();
    expect(resolveDidKey(`did:web:example.org#${pk}`)).toBeNull();
  });

  it('resolves known Multikey documents and stops resolving a key once it is revoked', () => {
    const pk = IssuerKey.generate().publicKeyMultibase;
    const doc = {
      id: `https://tool.example/i#${pk}`,
      type: 'Multikey' as const,
      controller: 'https://tool.example/i',
      publicKeyMultibase: pk,
    };
    const now = new Date('2026-05-01T00:00:00Z');
    expect(createVerificationMethodResolver([doc], { now: () => now })(doc.id)).toMatchObject({
      controller: 'https://tool.example/i',
    });
    expect(
      createVerificationMethodResolver([{ ...doc, revoked: '2026-04-01T00:00:00Z' }], { now: () => now })(doc.id),
    ).toBeNull();
    expect(
      createVerificationMethodResolver([{ ...doc, revoked: '2026-06-01T00:00:00Z' }], { now: () => now })(doc.id),
    ).not.toBeNull();
    expect(createVerificationMethodResolver([doc])('https://tool.example/other')).toBeNull();
  });
});

/** The 32-byte seed inside a secretKeyMultibase (test helper). */
function decodeSeed(key: IssuerKey): Buffer {
  return Buffer.from(decodeBase58btcMultibase(key.exportSecretKeyMultibase())).subarray(2);
}
