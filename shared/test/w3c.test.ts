import { describe, expect, it } from 'vitest';
import {
  ANNO_CONTEXT,
  AppError,
  fromWebAnnotation,
  fromWebAnnotationDocument,
  idFromAnnotationId,
  MARGINS_NS,
  toAnnotationCollection,
  toWebAnnotation,
  W3CAnnotationSchema,
} from '../src/index.js';
import { makeAdaptation } from '../src/testing/fixtures.js';

function importError(input: unknown): AppError {
  try {
    fromWebAnnotation(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_annotation');
    return e as AppError;
  }
  throw new Error('expected the import to be rejected');
}

describe('W3C Web Annotation export', () => {
  it('uses the exact anno.jsonld context, a urn:uuid id and purposes for each body', () => {
    const anno = toWebAnnotation(makeAdaptation());
    expect(anno['@context']).toBe(ANNO_CONTEXT);
    expect(anno.id).toBe('urn:uuid:2f1c7a4e-8b6d-4e2a-9c3f-5d7e8a9b0c1d');
    expect(anno.type).toBe('Annotation');
    const bodies = anno.body as { purpose: string; value: string }[];
    expect(bodies.map((b) => b.purpose)).toEqual(['commenting', 'describing', 'tagging', 'tagging']);
    expect(bodies.filter((b) => b.purpose === 'tagging').map((b) => b.value)).toEqual([
      'scaffolding',
      'language-support',
    ]);
    expect(W3CAnnotationSchema.safeParse(anno).success).toBe(true);
  });

  it('exports every selector type, the range as XPath selectors refined by positions', () => {
    const target = toWebAnnotation(makeAdaptation()).target as { source: string; selector: any[] };
    expect(target.source).toBe('https://curriculum.example.org/grade-5/fractions/lesson-3');
    expect(target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector', 'RangeSelector']);
    expect(target.selector[2].startSelector).toEqual({
      type: 'XPathSelector',
      value: '/main[1]/p[2]',
      refinedBy: { type: 'TextPositionSelector', start: 28, end: 28 },
    });
  });

  it('round-trips an adaptation without losing anything', () => {
    const a = makeAdaptation({
      provenance: { remixedFrom: '7d0a1b2c-3e4f-4a5b-8c6d-7e8f9a0b1c2d', originalAuthor: { id: 't9', name: 'Bo' } },
    });
    expect(fromWebAnnotation(JSON.parse(JSON.stringify(toWebAnnotation(a))))).toEqual(a);
  });

  it('round-trips a minimal adaptation (quote only, no rationale, no evidence)', () => {
    const a = makeAdaptation({
      target: { quote: { type: 'TextQuoteSelector', exact: 'area models' } },
      rationale: '',
      evidence: undefined,
    });
    expect(fromWebAnnotation(toWebAnnotation(a))).toEqual(a);
  });

  it('wraps many adaptations in an AnnotationCollection that imports back', () => {
    const a = makeAdaptation();
    const b = makeAdaptation({ id: '9b8a7c6d-5e4f-4321-8fed-cba987654321', body: 'Second one' });
    const doc = toAnnotationCollection([a, b], {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      label: 'My adaptations',
      generated: '2026-11-24T10:00:00Z',
    });
    expect(doc.total).toBe(2);
    expect(fromWebAnnotationDocument(JSON.parse(JSON.stringify(doc)))).toEqual({ adaptations: [a, b], rejected: [] });
  });
});

describe('W3C Web Annotation import', () => {
  const foreign = {
    '@context': ANNO_CONTEXT,
    id: 'https://hypothes.is/a/abc123',
    type: 'Annotation',
    created: '2025-03-01T10:00:00Z',
    creator: { type: 'Person', name: 'A colleague' },
    body: [
      { type: 'TextualBody', value: 'Pair students for the vocabulary sort.' },
      { type: 'TextualBody', purpose: 'tagging', value: 'Instructional method' },
    ],
    target: {
      source: 'https://curriculum.example.org/u1?utm_source=x',
      selector: [{ type: 'TextQuoteSelector', exact: 'vocabulary sort', prefix: 'the ', suffix: ' task' }],
    },
  };

  it('imports an annotation from another tool, matching kinds by label and giving it a stable id', () => {
    const a = fromWebAnnotation(foreign, { now: () => new Date('2026-01-01T00:00:00Z') });
    expect(a.kinds).toEqual(['instructional-method']);
    expect(a.page.url).toBe('https://curriculum.example.org/u1');
    expect(a.author).toEqual({ id: 'imported', name: 'A colleague' });
    expect(a.visibility).toBe('private');
    expect(a.id).toBe(idFromAnnotationId('https://hypothes.is/a/abc123'));
    expect(fromWebAnnotation(foreign).id).toBe(a.id);
  });

  it('rejects a target without a quoted passage', () => {
    const e = importError({ ...foreign, target: 'https://curriculum.example.org/u1' });
    expect(e.message).toMatch(/TextQuoteSelector/);
  });

  it('rejects an annotation without a Margins kind and names the allowed kinds', () => {
    const e = importError({ ...foreign, body: { type: 'TextualBody', value: 'hello' } });
    expect(e.message).toMatch(/no adaptation kind.*pacing, scaffolding/);
  });

  it('rejects script in the body with the shared plain-text message', () => {
    const e = importError({
      ...foreign,
      body: [{ type: 'TextualBody', value: '<script>steal()</script>' }, foreign.body[1]],
    });
    expect(e.issues).toContainEqual({ path: 'body', message: expect.stringMatching(/active HTML/) });
  });

  it('rejects a non-web page source', () => {
    const e = importError({ ...foreign, target: { ...foreign.target, source: 'urn:isbn:0451450523' } });
    expect(e.message).toMatch(/page\.url/);
  });

  it('rejects the wrong context and a missing target with readable messages', () => {
    expect(importError({ ...foreign, '@context': 'https://www.w3.org/ns/anno.jsonld' }).message).toMatch(
      /@context must be "http:\/\/www\.w3\.org\/ns\/anno\.jsonld"/,
    );
    const { target, ...noTarget } = foreign;
    expect(importError(noTarget).message).toMatch(/must have a target/);
  });

  it('keeps good annotations of a file and reports the bad ones by position', () => {
    const good = toWebAnnotation(makeAdaptation());
    const result = fromWebAnnotationDocument([good, { nope: true }, foreign]);
    expect(result.adaptations).toHaveLength(2);
    expect(result.rejected).toEqual([{ index: 1, message: expect.stringMatching(/not a valid W3C Web Annotation/) }]);
  });

  it('rejects a file that holds no annotations at all', () => {
    expect(() => fromWebAnnotationDocument({ hello: 'world' })).toThrow(/does not contain Web Annotations/);
    expect(() => fromWebAnnotationDocument('text')).toThrow(AppError);
  });

  it('ignores a malformed Margins extension block instead of trusting it', () => {
    const anno = toWebAnnotation(makeAdaptation()) as Record<string, any>;
    anno[MARGINS_NS] = { visibility: 'everyone' };
    expect(importError(anno).issues).toContainEqual({
      path: 'visibility',
      message: expect.stringMatching(/Unknown visibility/),
    });
  });
});
