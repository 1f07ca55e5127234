import type { TargetSelectors } from '@margins/shared/selectors';
import type { HotSpotView } from '../protocol/views.js';

/** Draft key of a new adaptation: the page and the passage. */
export function newDraftKey(pageUrl: string, target: TargetSelectors): string {
  const where = target.position ? `${target.position.start}-${target.position.end}` : '';
  return `new|${pageUrl}|${where}|${target.quote.exact.slice(0, 200)}`.slice(0, 4_000);
}

/** Selectors of a hot spot's passage: its first adaptation's quote, found near the passage's start. */
export function hotSpotTarget(h: HotSpotView): TargetSelectors {
  return {
    quote: { type: 'TextQuoteSelector', exact: h.quote, prefix: '', suffix: '' },
    ...(h.start !== undefined && h.end !== undefined
      ? { position: { type: 'TextPositionSelector' as const, start: h.start, end: h.end } }
      : {}),
  };
}

/** Draft key of an edit. */
export function editDraftKey(id: string): string {
  return `edit|${id}`;
}
