/**
 * Element paths for the RangeHint selector: `/main[1]/p[2]` from the describe() root, the
 * XPath subset Hypothesis and Annotator store in their RangeSelector (so their saved
 * annotations resolve too). Only element steps: the offset into the element's text does the rest.
 */

const NAME = /^[a-zA-Z][\w.-]*$/;
const STEP = /^([a-zA-Z][\w.-]*)(?:\[(\d+)\])?$/;

/** The path of `el` below `root` ('/' for the root itself), or null when it cannot be written. */
export function elementPath(el: Element, root: Node): string | null {
  const steps: string[] = [];
  let n: Element | null = el;
  while (n && n !== root) {
    const name = n.localName;
    if (!NAME.test(name)) return null;
    let nth = 1;
    for (let s = n.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === name) nth++;
    steps.push(`${name}[${nth}]`);
    const parent: Node | null = n.parentNode;
    if (parent === root) break;
    n = parent && parent.nodeType === 1 ? (parent as Element) : null;
  }
  if (n === null) return null;
  return steps.length ? '/' + steps.reverse().join('/') : '/';
}

/** The element a path names below `root`, or null when the page no longer has it. */
export function resolveElementPath(path: string, root: Node): Element | Node | null {
  let cur: Node = root;
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    const m = STEP.exec(raw);
    if (!m) return null;
    const name = m[1]!.toLowerCase();
    let nth = m[2] ? Number(m[2]) : 1;
    let found: Element | null = null;
    for (let c = cur.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1 && (c as Element).localName.toLowerCase() === name && --nth === 0) {
        found = c as Element;
        break;
      }
    }
    if (!found) return null;
    cur = found;
  }
  return cur;
}
