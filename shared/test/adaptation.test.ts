import { describe, expect, it } from 'vitest';
import { AdaptationSchema, AppError, parseOrThrow, toFieldIssues } from '../src/index.js';
import { makeAdaptation } from '../src/testing/fixtures.js';

const valid = () => structuredClone(makeAdaptation()) as Record<string, any>;
function problems(input: unknown) {
  const r = AdaptationSchema.safeParse(input);
  expect(r.success, 'expected the adaptation to be rejected').toBe(false);
  return r.success ? [] : toFieldIssues(r.error);
}

describe('AdaptationSchema', () => {
  it('accepts a complete adaptation and canonicalises its page URL', () => {
    const a = AdaptationSchema.parse({
      ...valid(),
      page: { url: 'HTTPS://Curriculum.example.org/x?utm_source=a#top', title: 'x' },
    });
    expect(a.page.url).toBe('https://curriculum.example.org/x');
  });

  it('fills defaults for optional fields', () => {
    const { rationale, audience, evidence, visibility, ...rest } = valid();
    const a = AdaptationSchema.parse(rest);
    expect(a.rationale).toBe('');
    expect(a.visibility).toBe('private');
    expect(a.audience).toEqual({ gradeBands: [], subjects: [], learnerNeeds: [] });
    expect(a.evidence).toBeUndefined();
  });

  it('rejects a missing target with a message saying to select text', () => {
    const { target, ...rest } = valid();
    const issues = problems(rest);
    expect(issues).toContainEqual({ path: 'target', message: expect.stringMatching(/select the text/i) });
  });

  it('rejects negative positions', () => {
    const a = valid();
    a.target.position = { type: 'TextPositionSelector', start: -5, end: 10 };
    expect(problems(a)).toContainEqual({
      path: 'target.position.start',
      message: 'The start position cannot be negative.',
    });
  });

  it('rejects a position that ends before it starts', () => {
    const a = valid();
    a.target.position = { type: 'TextPositionSelector', start: 10, end: 3 };
    expect(problems(a)).toContainEqual({
      path: 'target.position.end',
      message: expect.stringMatching(/after the start/),
    });
  });

  it('rejects an unknown kind and lists the allowed ones', () => {
    const a = valid();
    a.kinds = ['pacing', 'mind-reading'];
    const [issue] = problems(a);
    expect(issue!.path).toBe('kinds.1');
    expect(issue!.message).toMatch(/Unknown adaptation kind "mind-reading"\. Use one of: pacing, scaffolding/);
  });

  it('rejects an adaptation without kinds', () => {
    const a = valid();
    a.kinds = [];
    expect(problems(a)).toContainEqual({ path: 'kinds', message: 'Choose at least one kind of adaptation.' });
  });

  it('rejects a 1 MB body with its size and the limit', () => {
    const a = valid();
    a.body = 'x'.repeat(1024 * 1024);
    expect(problems(a)).toContainEqual({
      path: 'body',
      message: 'The adaptation is too long (1,048,576 characters; the limit is 10,000). Shorten it or split it up.',
    });
  });

  it('rejects an empty body', () => {
    const a = valid();
    a.body = '   ';
    expect(problems(a)).toContainEqual({ path: 'body', message: 'The adaptation is required.' });
  });

  it.each([
    ['body', '<script>alert(1)</script>'],
    ['body', 'Try this <SCRIPT src=//evil.example/x.js></SCRIPT>'],
    ['rationale', '<img src=x onerror="alert(1)">'],
    ['rationale', '<a href="javascript:alert(1)">click</a>'],
    ['body', '<iframe src="https://evil.example"></iframe>'],
  ])('rejects active markup in %s: %s', (field, text) => {
    const a = valid();
    a[field] = text;
    expect(problems(a)).toContainEqual({
      path: field,
      message: expect.stringMatching(/script or other active HTML.*plain text/),
    });
  });

  it.each([
    'Use a 3 < 5 > 2 number line.',
    'Students learn JavaScript: variables first, then loops.',
    'Mark the onset = first sound, rime = the rest.',
    'Show how <b> and <em> change emphasis in a sentence.',
  ])('accepts ordinary prose that only looks like markup: %s', (text) => {
    expect(AdaptationSchema.safeParse({ ...valid(), body: text }).success).toBe(true);
  });

  it('accepts a quoted passage that shows code, since pages may teach HTML', () => {
    const a = valid();
    a.target.quote.exact = 'The <script> element runs JavaScript.';
    expect(AdaptationSchema.safeParse(a).success).toBe(true);
  });

  it('rejects control characters in typed text', () => {
    const a = valid();
    a.rationale = 'hidden\u0007bell';
    expect(problems(a)).toContainEqual({ path: 'rationale', message: expect.stringMatching(/control characters/) });
  });

  it('rejects a page that is not a web page', () => {
    const a = valid();
    a.page.url = 'file:///Users/t/plan.html';
    expect(problems(a)).toContainEqual({
      path: 'page.url',
      message: expect.stringMatching(/web pages \(http or https\)/),
    });
  });

  it('rejects duplicate kinds and unknown visibility', () => {
    const a = valid();
    a.kinds = ['pacing', 'pacing'];
    a.visibility = 'everyone';
    const issues = problems(a);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['kinds', 'visibility']));
  });

  it('throws an AppError listing field issues from parseOrThrow', () => {
    const a = valid();
    a.kinds = ['nope'];
    try {
      parseOrThrow(AdaptationSchema, a, 'The adaptation');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('validation_failed');
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).message).toMatch(/^The adaptation is not valid: kinds\.0: Unknown adaptation kind/);
      expect((e as AppError).toPayload('req-1')).toMatchObject({
        code: 'validation_failed',
        requestId: 'req-1',
        issues: [{ path: 'kinds.0' }],
      });
    }
  });
});
