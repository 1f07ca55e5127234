import { describe, expect, it } from 'vitest';
import { parseAnnotatorMessage } from '../src/protocol/page-messages.js';
import { isResult } from '../src/protocol/result.js';

const ID = '2f1c7a4e-8b6d-4e2a-9c3f-5d7e8a9b0c1d';

describe("the annotator's light message check", () => {
  it('accepts each known message and keeps only its known fields', () => {
    expect(parseAnnotatorMessage({ type: 'openAdaptForm', extra: '<script>' })).toEqual({ type: 'openAdaptForm' });
    expect(parseAnnotatorMessage({ type: 'editAdaptation', id: ID, body: 'x' })).toEqual({
      type: 'editAdaptation',
      id: ID,
    });
    expect(parseAnnotatorMessage({ type: 'adaptationsChanged', pageUrl: 'https://a.example/' })).toEqual({
      type: 'adaptationsChanged',
      pageUrl: 'https://a.example/',
    });
    expect(parseAnnotatorMessage({ type: 'ping' })).toEqual({ type: 'ping' });
  });

  it.each([
    ['null', null],
    ['a string', 'openAdaptForm'],
    ['an array', [{ type: 'ping' }]],
    ['an unknown type', { type: 'deleteEverything' }],
    ['a prototype key as type', { type: '__proto__' }],
    ['an id that is not a UUID', { type: 'scrollToAdaptation', id: '../../etc' }],
    ['an id of the wrong type', { type: 'editAdaptation', id: 42 }],
    ['a missing id', { type: 'editAdaptation' }],
    ['a huge page URL', { type: 'adaptationsChanged', pageUrl: 'x'.repeat(10_000) }],
    ['a page URL of the wrong type', { type: 'adaptationsChanged', pageUrl: { toString: (): string => 'x' } }],
  ])('refuses %s', (_label, message) => {
    expect(parseAnnotatorMessage(message)).toBeNull();
  });
});

describe('Result replies that crossed a message port', () => {
  it('recognises a value or an error with a code and a message, and nothing else', () => {
    expect(isResult({ ok: true, value: 1 })).toBe(true);
    expect(isResult({ ok: false, error: { code: 'not_found', message: 'gone' } })).toBe(true);
    expect(isResult({ ok: true })).toBe(false);
    expect(isResult({ ok: false, error: 'boom' })).toBe(false);
    expect(isResult(undefined)).toBe(false);
    expect(isResult('ok')).toBe(false);
  });
});
