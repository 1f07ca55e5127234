import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CONTEXT_URLS, UnknownContextError, offlineDocumentLoader } from '../../src/badges/index.js';

const bundled = (file: string) => readFileSync(new URL(`../../src/badges/contexts/${file}`, import.meta.url), 'utf8');
/** The context file as the npm package ships it (the packages are dev dependencies for this check). */
const published = (pkg: string, file: string) =>
  readFileSync(new URL(`../../node_modules/${pkg}/contexts/${file}`, import.meta.url), 'utf8');

describe('bundled JSON-LD contexts', () => {
  it.each([
    ['credentials-v2.json', '@digitalbazaar/credentials-context', 'v2.jsonld'],
    ['data-integrity-v2.json', '@digitalbazaar/data-integrity-context', 'data-integrity-v2.jsonld'],
    ['multikey-v1.json', '@digitalbazaar/multikey-context', 'multikey-v1.jsonld'],
  ])('keeps %s byte-identical to the copy published on npm', (file, pkg, source) => {
    expect(bundled(file)).toBe(published(pkg, source));
  });

  it('serves exactly the bundled URLs and refuses every other one without fetching', async () => {
    expect(BUNDLED_CONTEXT_URLS).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
    ]);
    for (const url of BUNDLED_CONTEXT_URLS)
      expect((await offlineDocumentLoader(url)).document).toHaveProperty('@context');
    for (const url of [
      'https://www.w3.org/2018/credentials/v1',
      'http://127.0.0.1:5432/',
      'file:///etc/passwd',
      'https://w3id.org/security/data-integrity/v2#x',
    ]) {
      await expect(offlineDocumentLoader(url)).rejects.toBeInstanceOf(UnknownContextError);
    }
  });

  it('hands out copies, so a caller cannot change the bundled context', async () => {
    const first = (await offlineDocumentLoader('https://www.w3.org/ns/credentials/v2')).document as {
      '@context': Record<string, unknown>;
    };
    first['@context'].name = 'https://evil.example/name';
    const second = (await offlineDocumentLoader('https://www.w3.org/ns/credentials/v2')).document as {
      '@context': Record<string, unknown>;
    };
    expect(second['@context'].name).toBe('https://schema.org/name');
  });
});
