import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, canonicalPageUrl, isTrackingParam, tryCanonicalPageUrl } from '../src/index.js';

describe('canonicalPageUrl', () => {
  const cases: [string, string, string][] = [
    ['lower-cases scheme and host', 'HTTPS://Curriculum.Example.ORG/Unit/1', 'https://curriculum.example.org/Unit/1'],
    ['keeps path case (paths are case-sensitive)', 'https://ex.org/Lesson/A', 'https://ex.org/Lesson/A'],
    ['drops the default https port', 'https://ex.org:443/a', 'https://ex.org/a'],
    ['drops the default http port', 'http://ex.org:80/a', 'http://ex.org/a'],
    ['keeps a non-default port', 'http://127.0.0.1:8080/a', 'http://127.0.0.1:8080/a'],
    ['keeps port 80 on https (not its default)', 'https://ex.org:80/a', 'https://ex.org:80/a'],
    ['adds the root path', 'https://ex.org', 'https://ex.org/'],
    ['drops a scroll fragment', 'https://ex.org/a#section-2', 'https://ex.org/a'],
    ['drops an empty fragment', 'https://ex.org/a#', 'https://ex.org/a'],
    [
      'keeps a hash route of a single-page app',
      'https://ex.org/app#/unit/3/lesson/2',
      'https://ex.org/app#/unit/3/lesson/2',
    ],
    ['keeps a hashbang route', 'https://ex.org/#!/lesson/7', 'https://ex.org/#!/lesson/7'],
    ['drops utm_* parameters in any case', 'https://ex.org/a?UTM_Source=x&utm_medium=y&id=4', 'https://ex.org/a?id=4'],
    ['drops click ids', 'https://ex.org/a?fbclid=1&gclid=2&msclkid=3&lesson=2', 'https://ex.org/a?lesson=2'],
    ['drops the question mark when nothing is left', 'https://ex.org/a?utm_source=news', 'https://ex.org/a'],
    [
      'sorts meaningful parameters by name',
      'https://ex.org/a?unit=2&grade=5&lesson=1',
      'https://ex.org/a?grade=5&lesson=1&unit=2',
    ],
    [
      'keeps the order of values of a repeated name',
      'https://ex.org/a?tag=b&x=1&tag=a',
      'https://ex.org/a?tag=b&tag=a&x=1',
    ],
    [
      'keeps a parameter whose name only contains a tracking word',
      'https://ex.org/a?my_utm_source=1',
      'https://ex.org/a?my_utm_source=1',
    ],
    [
      'encodes spaces and plus signs stably',
      'https://ex.org/a?q=fractions+and%20decimals',
      'https://ex.org/a?q=fractions%20and%20decimals',
    ],
    ['keeps an encoded ampersand inside a value', 'https://ex.org/a?q=a%26b', 'https://ex.org/a?q=a%26b'],
    ['drops empty parameter names', 'https://ex.org/a?=x&b=1', 'https://ex.org/a?b=1'],
    ['drops user name and password', 'https://user:secret@ex.org/a', 'https://ex.org/a'],
    ['resolves dot segments', 'https://ex.org/a/./b/../c', 'https://ex.org/a/c'],
    ['decodes percent-escaped unreserved characters', 'https://ex.org/%7Euser/%41bc', 'https://ex.org/~user/Abc'],
    ['upper-cases other percent escapes', 'https://ex.org/caf%c3%a9', 'https://ex.org/caf%C3%A9'],
    ['converts an international domain to punycode', 'https://bücher.example/a', 'https://xn--bcher-kva.example/a'],
    ['drops a trailing dot on the host', 'https://ex.org./a', 'https://ex.org/a'],
    ['trims surrounding spaces', '  https://ex.org/a  ', 'https://ex.org/a'],
    ['keeps a trailing slash (servers may treat it differently)', 'https://ex.org/a/', 'https://ex.org/a/'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(canonicalPageUrl(input)).toBe(expected);
  });

  it('gives the same answer for two links to the same page', () => {
    const a = canonicalPageUrl('https://EX.org:443/lesson?b=2&a=1&utm_campaign=x#top');
    const b = canonicalPageUrl('https://ex.org/lesson?a=1&b=2&fbclid=abc');
    expect(a).toBe(b);
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = canonicalPageUrl(input);
      expect(canonicalPageUrl(once)).toBe(once);
    }
  });

  it.each([
    'not a url',
    'file:///home/t/lesson.html',
    'chrome://extensions',
    'javascript:alert(1)',
    'ftp://ex.org/a',
    '',
  ])('throws invalid_url for %j', (input) => {
    expect(() => canonicalPageUrl(input)).toThrow(AppError);
    try {
      canonicalPageUrl(input);
    } catch (e) {
      expect((e as AppError).code).toBe('invalid_url');
      expect((e as AppError).message.length).toBeGreaterThan(10);
    }
  });

  it('returns null from tryCanonicalPageUrl for non-web pages', () => {
    expect(tryCanonicalPageUrl('about:blank')).toBeNull();
    expect(tryCanonicalPageUrl('https://ex.org')).toBe('https://ex.org/');
  });

  it('recognises tracking parameter names', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('GCLID')).toBe(true);
    expect(isTrackingParam('lesson')).toBe(false);
  });
});

/**
 * In a Firefox content script `URL` is the page's constructor seen through an Xray wrapper: WebIDL
 * methods work, but the iterators it returns are not iterable from extension code (issue 13).
 */
class XrayLikeURL extends URL {
  override get searchParams(): URLSearchParams {
    const real = super.searchParams;
    const notIterable = () => ({ next: () => ({ done: true, value: undefined }) });
    return new Proxy(real, {
      get(target, key) {
        if (key === 'entries' || key === 'keys' || key === 'values' || key === Symbol.iterator) return notIterable;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

describe('canonicalPageUrl in a Firefox content script', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps and sorts the parameters when the page URL object's iterators are not iterable", () => {
    vi.stubGlobal('URL', XrayLikeURL);
    expect(() => [...new URL('https://ex.org/?a=1').searchParams.entries()]).toThrow(TypeError);
    expect(canonicalPageUrl('https://ex.org/a?unit=2&utm_source=x&grade=5')).toBe('https://ex.org/a?grade=5&unit=2');
  });
});
