/** The few functions the benchmark's baseline uses from these untyped npm packages. */
declare module 'dom-anchor-text-quote' {
  export function fromRange(root: Node, range: Range): { exact: string; prefix: string; suffix: string };
}
declare module 'dom-anchor-text-position' {
  export function fromRange(root: Node, range: Range): { start: number; end: number };
  export function toRange(root: Node, selector: { start: number; end: number }): Range;
}
