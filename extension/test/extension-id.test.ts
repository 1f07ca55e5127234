import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MARGINS_CHROME_EXTENSION_ID, MARGINS_CHROME_EXTENSION_KEY } from '@margins/shared/extension-ids';

describe('the pinned Chrome extension id', () => {
  it('is the one Chrome derives from the public key in the manifest (SHA-256 of the key, first 32 hex digits as a-p)', () => {
    const digest = createHash('sha256')
      .update(Buffer.from(MARGINS_CHROME_EXTENSION_KEY, 'base64'))
      .digest('hex')
      .slice(0, 32);
    const id = [...digest].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
    expect(id).toBe(MARGINS_CHROME_EXTENSION_ID);
  });

  it('is a public key only (no private key material in the repository)', () => {
    const der = Buffer.from(MARGINS_CHROME_EXTENSION_KEY, 'base64');
    expect(der.length).toBeLessThan(600); // a 2048-bit SubjectPublicKeyInfo is 294 bytes; a private key is over 1,000
    expect(MARGINS_CHROME_EXTENSION_KEY).not.toMatch(/PRIVATE/);
  });
});
