// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { dropFragment } from '../src/pair/PairApp.js';

/**
 * pair.html drops an address and code from its address bar before it renders (issue 12, item 5): an
 * older LMS page's one-click link, or another site, may put them in the fragment.
 */
describe('the pairing page’s address', () => {
  it('loses a code in its fragment without a new history entry', () => {
    window.history.replaceState(null, '', '/pair.html#tool=https%3A%2F%2Fmargins.example&code=ABCD-EFGH');
    const entries = window.history.length;
    dropFragment(window);
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain('ABCD-EFGH');
    expect(window.location.pathname).toBe('/pair.html');
    expect(window.history.length).toBe(entries);
  });

  it('leaves an address without a fragment as it is', () => {
    window.history.replaceState(null, '', '/pair.html');
    dropFragment(window);
    expect(window.location.href).toMatch(/\/pair\.html$/);
  });
});
