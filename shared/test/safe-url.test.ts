import { describe, expect, it } from 'vitest';
import { httpUrl, isHttpUrl, safeHref } from '../src/safe-url.js';

describe('the one http(s) address check', () => {
  it('refuses script and other non-http addresses, however they are disguised', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      ' javascript:alert(1)',
      'jav&#x61;script:alert(1)',
      'javascript&colon;alert(1)',
      '&#106;avascript:alert(1)',
      '<portal src=https://evil.example>',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative/path',
      'https:',
      '',
    ]) {
      expect(isHttpUrl(bad), JSON.stringify(bad)).toBe(false);
      expect(safeHref(bad)).toBeNull();
      expect(httpUrl('The return address').safeParse(bad).success).toBe(false);
    }
  });

  it('accepts http(s) addresses and gives them back normalised', () => {
    expect(safeHref('https://lms.example/deep_link?x=1')).toBe('https://lms.example/deep_link?x=1');
    expect(safeHref('HTTP://Curriculum.Example/a b')).toBe('http://curriculum.example/a%20b');
    expect(httpUrl('The return address').parse('https://lms.example/return')).toBe('https://lms.example/return');
  });
});
