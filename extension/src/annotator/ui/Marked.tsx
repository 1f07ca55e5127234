/** Props of {@link Marked}. */
export interface MarkedProps {
  text: string;
  /** Passages to highlight: offset and length in `text`. */
  marks: readonly { index: number; text: string }[];
}

/** A text with some passages in <mark> (the privacy guard's matches), every part rendered as text. */
export function Marked({ text, marks }: MarkedProps) {
  const parts: (string | { mark: string })[] = [];
  let at = 0;
  for (const m of [...marks].sort((a, b) => a.index - b.index)) {
    if (m.index < at) continue;
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push({ mark: text.slice(m.index, m.index + m.text.length) });
    at = m.index + m.text.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}</>;
}
