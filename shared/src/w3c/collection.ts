import type { Adaptation } from '../adaptation.js';
import { AppError, toAppError } from '../errors.js';
import { fromWebAnnotation, MARGINS_GENERATOR, toWebAnnotation } from './adaptation-annotation.js';
import { ANNO_CONTEXT, typesOf } from './model.js';

/**
 * Many adaptations as one W3C AnnotationCollection with a single embedded AnnotationPage
 * (model §5): the file a teacher downloads from the extension.
 */
export function toAnnotationCollection(
  adaptations: readonly Adaptation[],
  opts: { id: string; label: string; generated: string },
): Record<string, unknown> {
  return {
    '@context': ANNO_CONTEXT,
    id: opts.id,
    type: 'AnnotationCollection',
    label: opts.label,
    total: adaptations.length,
    generator: MARGINS_GENERATOR,
    generated: opts.generated,
    first: {
      id: `${opts.id}#page1`,
      type: 'AnnotationPage',
      startIndex: 0,
      items: adaptations.map(toWebAnnotation),
    },
  };
}

/** One annotation of an imported file that could not become an adaptation, and why. */
export interface RejectedAnnotation {
  index: number;
  message: string;
}

/** What an import file yielded: the adaptations found and, separately, what was rejected. */
export interface ImportResult {
  adaptations: Adaptation[];
  rejected: RejectedAnnotation[];
}

/**
 * Reads an import file: a single Annotation, a JSON array of them, an AnnotationPage or an
 * AnnotationCollection with its first page embedded. Each annotation is checked on its own so one
 * bad entry never loses the others. Throws `invalid_annotation` only when the file as a whole is unusable.
 */
export function fromWebAnnotationDocument(input: unknown): ImportResult {
  const items = annotationItems(input);
  const result: ImportResult = { adaptations: [], rejected: [] };
  items.forEach((item, index) => {
    try {
      result.adaptations.push(fromWebAnnotation(item));
    } catch (e) {
      result.rejected.push({ index, message: toAppError(e).message });
    }
  });
  return result;
}

function annotationItems(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  if (typeof input !== 'object' || input === null)
    throw new AppError(
      'invalid_annotation',
      'The file does not contain Web Annotations (expected a JSON object or list).',
    );
  const doc = input as Record<string, unknown>;
  const types = typesOf(doc.type);
  if (types.includes('Annotation')) return [doc];
  if (types.includes('AnnotationPage') && Array.isArray(doc.items)) return doc.items;
  if (types.includes('AnnotationCollection')) {
    const first = doc.first as Record<string, unknown> | undefined;
    if (first && typeof first === 'object' && Array.isArray(first.items)) return first.items;
    throw new AppError(
      'invalid_annotation',
      'This AnnotationCollection does not embed its annotations (its first page must be included in the file).',
    );
  }
  throw new AppError(
    'invalid_annotation',
    'The file does not contain Web Annotations (no Annotation, AnnotationPage or AnnotationCollection found).',
  );
}

/** Largest import file accepted, so a wrong file cannot freeze the browser. */
export const MAX_IMPORT_FILE_CHARS = 20_000_000;

/** Reads the text of an import file (JSON) and then {@link fromWebAnnotationDocument}. */
export function parseWebAnnotationFile(text: string): ImportResult {
  if (text.length > MAX_IMPORT_FILE_CHARS) {
    throw new AppError(
      'payload_too_large',
      `The file is too large to import (${Math.round(text.length / 1e6)} MB; the limit is ${MAX_IMPORT_FILE_CHARS / 1e6} MB). Split it into smaller files.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError(
      'invalid_annotation',
      `The file is not valid JSON (${e instanceof Error ? e.message : 'parse error'}). Export it again from Margins or another W3C annotation tool.`,
    );
  }
  return fromWebAnnotationDocument(json);
}
