import { z } from 'zod';

/**
 * A structural check of the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/),
 * independent of Margins: what an incoming file must satisfy before we look for an adaptation in it.
 * It covers the model's MUST constraints on the keys Margins reads and on the keys commonly present.
 */

/** The only JSON-LD context an exported Annotation carries (model §3.1). */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** An absolute IRI: a scheme, a colon and no whitespace (model §3.1 "id ... MUST be an IRI"). */
const ABSOLUTE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
/** xsd:dateTime with a time zone, as the model requires for created/modified/generated (§3.3.1). */
const XSD_DATETIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const iri = (what: string) =>
  z
    .string({ error: `${what} must be a single IRI (a web address or urn).` })
    .regex(ABSOLUTE_IRI, `${what} must be an IRI such as https://example.org/1.`);
const dateTime = (what: string) =>
  z
    .string({ error: `${what} must be a single date-time.` })
    .regex(XSD_DATETIME, `${what} must be an xsd:dateTime with a time zone, e.g. 2026-01-31T09:00:00Z.`);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);
const typeList = z.union([z.string(), z.array(z.string())]);
const typesOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((t): t is string => typeof t === 'string')
      : [];

/** An Agent (creator / generator): an IRI or an object (§3.3.2). */
const agent = (what: string) =>
  oneOrMany(
    z.union(
      [
        iri(what),
        z.looseObject({
          id: iri(`${what} id`).optional(),
          type: typeList.optional(),
          name: oneOrMany(z.string()).optional(),
          nickname: z.string().optional(),
        }),
      ],
      { error: `${what} must be an IRI or an object describing a person or software.` },
    ),
  );

/** Properties shared by bodies and targets (§3.2.1, §3.3). */
const resourceProperties = {
  id: iri('A body or target id').optional(),
  type: typeList.optional(),
  format: oneOrMany(z.string({ error: 'format must be a media type string.' })).optional(),
  language: oneOrMany(z.string({ error: 'language must be a language tag string.' })).optional(),
  processingLanguage: z.string({ error: 'processingLanguage must be a single language tag.' }).optional(),
  textDirection: z.enum(['ltr', 'rtl', 'auto'], { error: 'textDirection must be one of ltr, rtl or auto.' }).optional(),
  created: dateTime('created').optional(),
  modified: dateTime('modified').optional(),
  rights: oneOrMany(iri('rights')).optional(),
  canonical: iri('canonical').optional(),
  via: oneOrMany(iri('via')).optional(),
  creator: agent('creator').optional(),
};

/** A selector (§4.2), recursively refinable (§4.2.9). Unknown selector types pass through untouched. */
export type W3CSelector = { type?: string | string[]; [key: string]: unknown };
const nonNegativeInt = (what: string) =>
  z
    .number({ error: `${what} must be a number.` })
    .int(`${what} must be a whole number.`)
    .nonnegative(`${what} cannot be negative.`);
const selector: z.ZodType<W3CSelector> = z.lazy(() =>
  z.looseObject({ type: typeList.optional(), refinedBy: oneOrMany(selector).optional() }).superRefine((sel, ctx) => {
    const types = typesOf(sel.type);
    const requireString = (key: string, label: string) => {
      if (typeof sel[key] !== 'string')
        ctx.addIssue({ code: 'custom', path: [key], message: `A ${label} must have exactly one ${key} string.` });
    };
    if (types.includes('FragmentSelector') || types.includes('CssSelector') || types.includes('XPathSelector'))
      requireString('value', types[0] ?? 'selector');
    if (types.includes('TextQuoteSelector')) {
      requireString('exact', 'TextQuoteSelector');
      for (const key of ['prefix', 'suffix'])
        if (sel[key] !== undefined && typeof sel[key] !== 'string')
          ctx.addIssue({ code: 'custom', path: [key], message: `TextQuoteSelector ${key} must be a string.` });
    }
    if (types.includes('TextPositionSelector') || types.includes('DataPositionSelector')) {
      for (const key of ['start', 'end']) {
        const r = nonNegativeInt(`${types[0]} ${key}`).safeParse(sel[key]);
        if (!r.success) ctx.addIssue({ code: 'custom', path: [key], message: r.error.issues[0]?.message ?? 'invalid' });
      }
      if (typeof sel.start === 'number' && typeof sel.end === 'number' && sel.end < sel.start)
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must not be before start.' });
    }
    if (types.includes('SvgSelector') && typeof sel.value !== 'string' && typeof sel.id !== 'string')
      ctx.addIssue({ code: 'custom', message: 'An SvgSelector needs a value or an id.' });
    if (types.includes('RangeSelector')) {
      for (const key of ['startSelector', 'endSelector']) {
        const r = selector.safeParse(sel[key]);
        if (sel[key] === undefined || Array.isArray(sel[key]))
          ctx.addIssue({ code: 'custom', path: [key], message: `A RangeSelector needs exactly one ${key}.` });
        else if (!r.success)
          for (const issue of r.error.issues)
            ctx.addIssue({ ...issue, code: 'custom', path: [key, ...issue.path] } as never);
      }
    }
  }),
);

/** A body or target: an IRI, a TextualBody, a SpecificResource, a Choice / set, or another resource (§3.2). */
export type W3CResource = string | { [key: string]: unknown };
const resource: z.ZodType<W3CResource> = z.lazy(() =>
  z.union(
    [
      iri('A body or target'),
      z
        .looseObject({
          ...resourceProperties,
          value: z.unknown().optional(),
          source: z.unknown().optional(),
          selector: z.union([iri('selector'), oneOrMany(selector)]).optional(),
          items: z.array(resource).optional(),
          purpose: oneOrMany(z.string()).optional(),
        })
        .superRefine((res, ctx) => {
          const types = typesOf(res.type);
          const sets = types.filter((t) => ['Choice', 'Composite', 'List', 'Independents'].includes(t));
          if (sets.length > 1)
            ctx.addIssue({
              code: 'custom',
              path: ['type'],
              message: `A resource cannot be both ${sets.join(' and ')}.`,
            });
          if (sets.length === 1 && !(Array.isArray(res.items) && res.items.length > 0))
            ctx.addIssue({ code: 'custom', path: ['items'], message: `A ${sets[0]} needs a non-empty items list.` });
          if (sets.length === 0 && res.items !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['items'],
              message: 'items is only allowed on a Choice (or set) resource.',
            });
          const isTextual =
            types.includes('TextualBody') || (res.value !== undefined && res.source === undefined && sets.length === 0);
          if (isTextual && typeof res.value !== 'string')
            ctx.addIssue({
              code: 'custom',
              path: ['value'],
              message: 'A TextualBody must have exactly one value string.',
            });
          const isSpecific =
            types.includes('SpecificResource') ||
            res.source !== undefined ||
            res.selector !== undefined ||
            (res.purpose !== undefined && res.value === undefined && res.id === undefined);
          if (isSpecific && !isTextual) {
            const source = iri('The source of a SpecificResource').safeParse(res.source);
            if (!source.success && (typeof res.source !== 'object' || res.source === null))
              ctx.addIssue({
                code: 'custom',
                path: ['source'],
                message: 'A SpecificResource needs exactly one source (the resource it refines).',
              });
          }
          if (!isTextual && !isSpecific && sets.length === 0 && res.id === undefined && types.length === 0)
            ctx.addIssue({
              code: 'custom',
              message: 'A body or target object needs an id, a value, a source or a type.',
            });
        }),
    ],
    { error: 'A body or target must be an IRI or an object.' },
  ),
);

/** A W3C Web Annotation (§3.1) that satisfies the model's structural MUSTs. */
export const W3CAnnotationSchema = z
  .looseObject(
    {
      '@context': z.union([z.literal(ANNO_CONTEXT), z.array(z.unknown()).refine((a) => a.includes(ANNO_CONTEXT))], {
        error: `@context must be "${ANNO_CONTEXT}" (or a list that includes it).`,
      }),
      id: iri('The annotation id'),
      type: typeList.refine((t) => typesOf(t).includes('Annotation'), 'type must be "Annotation".'),
      target: z.union([resource, z.array(resource).min(1, 'target must not be an empty list.')], {
        error: (issue) =>
          issue.input === undefined
            ? 'An annotation must have a target (the page or passage it is about).'
            : 'target must be an IRI, an object or a list of them.',
      }),
      body: oneOrMany(resource).optional(),
      bodyValue: z.string({ error: 'bodyValue must be a single string.' }).optional(),
      motivation: oneOrMany(z.string()).optional(),
      created: dateTime('created').optional(),
      modified: dateTime('modified').optional(),
      generated: dateTime('generated').optional(),
      creator: agent('creator').optional(),
      generator: agent('generator').optional(),
      rights: oneOrMany(iri('rights')).optional(),
      canonical: iri('canonical').optional(),
      via: oneOrMany(iri('via')).optional(),
    },
    { error: 'An annotation must be a JSON object.' },
  )
  .refine((a) => !(a.body !== undefined && a.bodyValue !== undefined), {
    message: 'An annotation cannot have both body and bodyValue.',
    path: ['bodyValue'],
  });
/** A structurally valid W3C annotation. */
export type W3CAnnotation = z.infer<typeof W3CAnnotationSchema>;

/** The types of a resource or selector as a list, whether given as a string or an array. */
export { typesOf };
