import type { SharedAdaptation } from '@margins/shared';

/** Cuts `text` to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * What a practice is called: the adaptation's own first line (or first sentence), never the page's
 * title, which many practices share ("Unit 2: Writing an argument" twice in a row tells nothing apart).
 */
export function practiceName(a: Pick<SharedAdaptation, 'body'>): string {
  const firstLine = a.body.trim().split(/\n/)[0] ?? '';
  const firstSentence = firstLine.split(/(?<=[.!?])\s+(?=[A-Z¿¡"“])/)[0] ?? firstLine;
  return clip(firstSentence, 110);
}

/** How many colleagues said it worked (well, or with changes). */
export function workedFor(a: Pick<SharedAdaptation, 'outcomes'>): number {
  return (a.outcomes['worked-well'] ?? 0) + (a.outcomes['worked-with-changes'] ?? 0);
}
