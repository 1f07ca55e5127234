import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  AppError,
  parseWebAnnotationFile,
  toAnnotationCollection,
  toWebAnnotation,
  W3CAnnotationSchema,
  type Adaptation,
  type ImportResult,
} from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { describeConformance } from '../support/conformance.js';
import { WebAnnotationSuite } from '../support/web-annotation-suite.js';

/** Exports that between them use every selector type and every optional part of an adaptation. */
const variants: [string, Adaptation][] = [
  ['quote, position and range selectors with evidence', makeAdaptation()],
  [
    'a quote selector only',
    makeAdaptation({
      target: { quote: { type: 'TextQuoteSelector', exact: 'area models', prefix: '', suffix: '' } },
      evidence: undefined,
      rationale: '',
    }),
  ],
  [
    'quote and position selectors',
    makeAdaptation({
      target: {
        quote: { type: 'TextQuoteSelector', exact: 'area models' },
        position: { type: 'TextPositionSelector', start: 0, end: 11 },
      },
    }),
  ],
  [
    'a remix with provenance and every kind',
    makeAdaptation({
      kinds: [
        'pacing',
        'scaffolding',
        'differentiation',
        'language-support',
        'udl-accessibility',
        'accommodation',
        'formative-assessment',
        'summative-assessment',
        'instructional-method',
        'resource-substitution',
        'extension-enrichment',
        'culturally-responsive',
      ],
      provenance: {
        remixedFrom: '7d0a1b2c-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
        originalAuthor: { id: 'teacher-9', name: 'Bo' },
      },
      author: { id: 'teacher-2' },
      visibility: 'network',
    }),
  ],
  [
    'hostile-looking page text and a query URL',
    makeAdaptation({
      page: { url: 'https://ex.org/a?lesson=2&utm_source=x', title: '<b>Title</b> & "quotes"' },
      target: {
        quote: { type: 'TextQuoteSelector', exact: 'The <script> element', prefix: '"\\', suffix: '\u00e9\u4e2d' },
      },
    }),
  ],
];

describeConformance(
  'web-annotation',
  'W3C Web Annotation conformance (../shared/conformance/web-annotation)',
  (dir) => {
    const suite = new WebAnnotationSuite(dir);

    it('lists the 54 MUST assertions for annotations, each a distinct schema file with a title', () => {
      const files = suite.assertionsOf('annotations/annotationMusts.test');
      expect(files).toHaveLength(54);
      expect(new Set(files).size).toBe(54);
      // The core of the model is among them: @context, id, type and target.
      expect(files).toEqual(
        expect.arrayContaining([
          'annotations/3.1-annotationContextValidated.json',
          'annotations/3.1-annotationIdValidated.json',
          'annotations/3.1-annotationTypeValidated.json',
          'annotations/3.1-targetKeyFound.json',
        ]),
      );
      for (const file of files) {
        const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { title?: unknown; errorMessage?: unknown };
        expect(typeof schema.title === 'string' && schema.title.length > 0, file).toBe(true);
      }
    });

    it.each(variants)('passes all 54 MUST assertions when exporting %s', (_name, adaptation) => {
      const results = suite.run(
        'annotations/annotationMusts.test',
        JSON.parse(JSON.stringify(toWebAnnotation(adaptation))),
      );
      const failed = results.filter((r) => !r.passed).map((r) => `${r.file}: ${r.errorMessage}`);
      expect(failed).toEqual([]);
      expect(results.filter((r) => r.passed)).toHaveLength(54);
    });

    it('passes the collection MUST assertions for a multi-adaptation export file', () => {
      const doc = toAnnotationCollection(
        variants.map(([, a]) => a),
        {
          id: 'urn:uuid:0b6f7a1e-1111-4222-8333-944445555666',
          label: 'My adaptations',
          generated: '2026-11-24T10:00:00Z',
        },
      );
      const results = suite.run('collections/collectionMusts.test', JSON.parse(JSON.stringify(doc)));
      expect(results.filter((r) => !r.passed).map((r) => r.file)).toEqual([]);
      // Every assertion of the list ran, the collection's @context, id and type among them.
      expect(results.map((r) => r.file)).toEqual(suite.assertionsOf('collections/collectionMusts.test'));
      expect(results.map((r) => r.file)).toEqual(
        expect.arrayContaining([
          'collections/5.1-collectionContextValidated.json',
          'collections/5.1-collectionIdValidated.json',
          'collections/5.1-collectionTypeValidated.json',
        ]),
      );
    });

    const incorrect = readdirSync(join(dir, 'samples/incorrect'))
      .filter((f) => f.endsWith('.json'))
      .sort();
    it('has incorrect samples to check, each a distinct labelled annotation', () => {
      expect(incorrect.length).toBeGreaterThanOrEqual(30);
      const labels = incorrect.map((file) => {
        const text = readFileSync(join(dir, 'samples/incorrect', file), 'utf8');
        expect(text.trim(), file).not.toBe('');
        return text;
      });
      expect(new Set(labels).size).toBe(incorrect.length);
    });

    it.each(incorrect)('rejects samples/incorrect/%s on import', (file) => {
      const text = readFileSync(join(dir, 'samples/incorrect', file), 'utf8');
      let result: ImportResult | undefined;
      try {
        result = parseWebAnnotationFile(text);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('invalid_annotation');
        return;
      }
      expect(result.adaptations).toEqual([]);
      expect(result.rejected).toEqual([
        { index: 0, message: expect.stringMatching(/^This is not a valid W3C Web Annotation: /) },
      ]);
    });

    // Most incorrect samples also carry an array id; repair it so each is rejected for the fault its label names.
    it.each(incorrect)('still rejects samples/incorrect/%s at the model level once its id is repaired', (file) => {
      let sample: Record<string, unknown>;
      try {
        sample = JSON.parse(readFileSync(join(dir, 'samples/incorrect', file), 'utf8'));
      } catch {
        return;
      }
      if (typeof sample !== 'object' || sample === null || /identifier|bad id/.test(String(sample.label))) return;
      if (Array.isArray(sample.id)) sample.id = 'http://example.org/anno';
      expect(W3CAnnotationSchema.safeParse(sample).success, String(sample.label)).toBe(false);
    });

    const correct = readdirSync(join(dir, 'samples/correct'))
      .filter((f) => /^anno\d+\.json$/.test(f))
      .sort();
    it.each(correct)('accepts samples/correct/%s at the model level', (file) => {
      const sample = JSON.parse(readFileSync(join(dir, 'samples/correct', file), 'utf8'));
      const result = W3CAnnotationSchema.safeParse(sample);
      expect(result.success, result.success ? '' : JSON.stringify(result.error.issues.slice(0, 2))).toBe(true);
    });
  },
);
