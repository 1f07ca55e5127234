import type { TargetSelectors } from '@margins/shared/selectors';
import type { AnchorStatus } from '../protocol/views.js';
import {
  anchorMany,
  buildTextIndex,
  createHighlighter,
  describe,
  type Highlighter,
  type TextIndex,
} from './anchoring.js';
import type { MarkerPosition } from './state.js';

/** Highlight id of the passage the form is open for. */
const PENDING_ID = 'margins-pending';

/**
 * Something to anchor: an id and its selectors, drawn as mine (default) or as a colleague's; a
 * district hot spot (issue 20) is anchored the same way but not highlighted (its passage holds
 * colleagues' highlights already): only its marker, at the passage's start, shows it.
 */
export interface Anchorable {
  id: string;
  target: TargetSelectors;
  style?: 'mine' | 'colleague' | 'hotspot';
}

/**
 * Places adaptations on the page with the shared engine and draws them with the shared
 * highlighter. The page's text is indexed once and reused until the page changes; a mutation
 * observer (running only while something is drawn) marks the index stale and reports changes.
 */
export class PageAnchors {
  private index: TextIndex | null = null;
  private highlighter: Highlighter | null = null;
  private readonly ranges = new Map<string, Range>();
  /** Hot spots' passages (anchored, not drawn). */
  private readonly spots = new Map<string, Range>();
  private readonly styles = new Map<string, 'mine' | 'colleague'>();
  private readonly targets = new Map<string, TargetSelectors>();
  private observer: MutationObserver | null = null;
  private stale = true;
  private focused: string | null = null;
  private pending: Range | null = null;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly doc: Document,
    /** Called (debounced) when the page's content changed while adaptations are shown. */
    private readonly onPageChanged: () => void,
  ) {}

  /** Anchors `items`, redraws every highlight, and returns how each one fared. */
  render(items: readonly Anchorable[]): Record<string, AnchorStatus> {
    this.highlighter?.clear();
    this.ranges.clear();
    this.spots.clear();
    this.styles.clear();
    this.targets.clear();
    this.focused = null;
    if (!items.length) {
      this.stopObserving();
      return {};
    }
    const index = this.currentIndex();
    this.highlighter ??= createHighlighter(this.doc, { prefix: 'margins' });
    const statuses: Record<string, AnchorStatus> = {};
    const spotIds = new Set<string>();
    for (const item of items) {
      if (item.style === 'hotspot') {
        spotIds.add(item.id);
        continue;
      }
      this.styles.set(item.id, item.style ?? 'mine');
      this.targets.set(item.id, item.target);
    }
    for (const [id, result] of anchorMany(items, index)) {
      if (spotIds.has(id)) {
        if (result.status === 'anchored') this.spots.set(id, result.range);
        continue;
      }
      if (result.status === 'anchored') {
        this.highlighter.draw(id, result.range, this.styles.get(id) ?? 'mine');
        this.ranges.set(id, result.range);
        statuses[id] =
          result.strategy === 'approximate' ? { status: 'anchored', changed: true } : { status: 'anchored' };
      } else {
        statuses[id] = { status: 'orphan', reason: result.reason };
      }
    }
    this.drawPending();
    this.startObserving();
    return statuses;
  }

  /** Where each drawn highlight ends, in document coordinates, for its marker. */
  markerPositions(): MarkerPosition[] {
    const out: MarkerPosition[] = [];
    const view = this.doc.defaultView;
    const sx = view?.scrollX ?? 0;
    const sy = view?.scrollY ?? 0;
    for (const id of this.ranges.keys()) {
      const rects = this.highlighter?.rectsOf(id) ?? [];
      const last = rects[rects.length - 1];
      if (last) out.push({ id, top: last.top + sy, left: last.right + sx });
    }
    // A hot spot's marker sits just before its passage's first line.
    for (const [id, range] of this.spots) {
      const first = Array.from(range.getClientRects()).find((r) => r.width > 0 || r.height > 0);
      if (first) out.push({ id, top: first.top + sy, left: Math.max(0, first.left + sx - 26) });
    }
    return out;
  }

  /** The drawn range of an adaptation (or the passage of a hot spot). */
  rangeOf(id: string): Range | undefined {
    return this.ranges.get(id) ?? this.spots.get(id);
  }

  /** Adaptations under a viewport point (hover). */
  idsAt(x: number, y: number): string[] {
    return this.ranges.size && this.highlighter ? this.highlighter.idsAt(x, y).filter((id) => id !== PENDING_ID) : [];
  }

  /**
   * Keeps the passage the form is open for highlighted while focus is in the form (the page's
   * selection is gone by then): a live range, saved selectors (a resumed draft), or null to stop.
   */
  showPending(what: Range | TargetSelectors | null): void {
    // Told apart by shape, not `instanceof Range`: the page's Range and the content script's differ in Firefox.
    if (what && 'quote' in what) {
      const result = anchorMany([{ id: PENDING_ID, target: what }], this.currentIndex()).get(PENDING_ID);
      what = result?.status === 'anchored' ? result.range : null;
    }
    this.pending = what ? what.cloneRange() : null;
    this.drawPending();
  }

  /** Emphasises one highlight (its note is open) and returns the others to normal. */
  focus(id: string | null): void {
    if (id === this.focused) return;
    if (this.focused && this.ranges.has(this.focused))
      this.highlighter?.setStyle(this.focused, this.styles.get(this.focused) ?? 'mine');
    if (id && this.ranges.has(id)) this.highlighter?.setStyle(id, 'focused');
    this.focused = id;
  }

  /** Selectors for the passage an adaptation is drawn on now (to keep a changed passage), or undefined when it is not drawn. */
  describeDrawn(id: string): TargetSelectors | undefined {
    const target = this.targets.get(id);
    if (!target || !this.ranges.has(id)) return undefined;
    // Found again on a fresh walk: the wrapping fallback splits the page's text nodes (and so
    // moves the drawn range's ends) after the index was built; the text itself is unchanged.
    const index = buildTextIndex(this.doc.body);
    const result = anchorMany([{ id, target }], index).get(id);
    return result?.status === 'anchored' ? describe(result.range, index) : undefined;
  }

  /** Selectors for a range of the page (a new selection). */
  describe(range: Range): TargetSelectors {
    return describe(range, this.currentIndex());
  }

  /** Removes every highlight and observer; the page is left as it was. */
  destroy(): void {
    this.pending = null;
    this.stopObserving();
    this.highlighter?.destroy();
    this.highlighter = null;
    this.ranges.clear();
    this.spots.clear();
  }

  private drawPending(): void {
    if (!this.pending) {
      this.highlighter?.remove(PENDING_ID);
      return;
    }
    this.highlighter ??= createHighlighter(this.doc, { prefix: 'margins' });
    this.highlighter.draw(PENDING_ID, this.pending, 'focused');
    this.highlighter.ids();
    this.observer?.takeRecords();
  }

  private currentIndex(): TextIndex {
    // Without an observer we cannot know whether the page changed, so index afresh.
    if (!this.index || this.stale || !this.observer) {
      this.index = buildTextIndex(this.doc.body);
      this.stale = false;
    }
    return this.index;
  }

  private startObserving(): void {
    if (!this.observer) {
      this.observer = new MutationObserver(() => {
        this.stale = true;
        clearTimeout(this.changeTimer);
        this.changeTimer = setTimeout(this.onPageChanged, 400);
      });
      this.observer.observe(this.doc.body, { childList: true, subtree: true, characterData: true });
    }
    // Our own drawing (the wrapping fallback) is not a page change: make the highlighter apply its
    // pending wraps now (any query does), then drop the records they caused.
    this.highlighter?.ids();
    this.observer.takeRecords();
  }

  private stopObserving(): void {
    this.observer?.disconnect();
    this.observer = null;
    clearTimeout(this.changeTimer);
  }
}
