// TEMPORARY until issue-3-anchoring is merged: the contract of @margins/shared/anchoring
// (/work/briefs/anchoring-contract.md), so the annotator type-checks. Delete on merge.
declare module '@margins/shared/anchoring' {
  import type { TargetSelectors } from '@margins/shared';
  export interface TextIndex { readonly root: Node; readonly text: string }
  export function buildTextIndex(root: Node): TextIndex;
  export function describe(range: Range, root: Node | TextIndex): TargetSelectors;
  export type AnchorStrategy = 'position' | 'exact' | 'approximate';
  export type OrphanReason = 'not-found' | 'low-confidence' | 'ambiguous' | 'invalid-selectors';
  export type AnchorResult =
    | { status: 'anchored'; range: Range; confidence: number; strategy: AnchorStrategy }
    | { status: 'orphan'; reason: OrphanReason; message: string; bestScore?: number };
  export interface AnchorOptions { minScore?: number }
  export function anchor(selectors: TargetSelectors, index: TextIndex, opts?: AnchorOptions): AnchorResult;
  export function anchorMany<T extends { id: string; target: TargetSelectors }>(items: readonly T[], index: TextIndex, opts?: AnchorOptions): Map<string, AnchorResult>;
  export type HighlightStyle = 'mine' | 'colleague' | 'focused';
  export interface Highlighter {
    readonly mode: 'css-highlights' | 'wrap';
    draw(id: string, range: Range, style: HighlightStyle): void;
    setStyle(id: string, style: HighlightStyle): void;
    remove(id: string): void;
    clear(): void;
    idsAt(x: number, y: number): string[];
    rectsOf(id: string): DOMRect[];
    destroy(): void;
  }
  export function createHighlighter(doc: Document, opts?: { forceFallback?: boolean; prefix?: string }): Highlighter;
}
