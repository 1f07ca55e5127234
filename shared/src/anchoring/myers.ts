/**
 * Approximate string matching with Myers' bit-parallel algorithm (Myers 1999; the block form and
 * Ukkonen's cut-off as explained by Hyyrö 2001). The edit distance matrix is kept as vertical
 * deltas packed 32 rows to a machine word, so one text character costs a few word operations per
 * *active* block: blocks whose rows are all beyond the error budget are skipped.
 *
 * Nothing here allocates per text character: the pattern's alphabet is mapped through one shared
 * 64 K table (reset after each scan), and the per-call arrays are sized by the pattern.
 */

const W = 32;

/** Char code -> 1-based symbol of the pattern being scanned (0: not in the pattern). Shared, reset after use. */
let symbols: Uint16Array | undefined;

/** A pattern compiled against the shared symbol table; `release()` must be called when done. */
interface Compiled {
  m: number;
  blocks: number;
  /** Row stride of `peq`: the pattern's alphabet size + 1. */
  stride: number;
  /** peq[b * stride + sym]: bit i set when pattern[32b + i] is that symbol. */
  peq: Int32Array;
  /** Bit index of the last row in each block. */
  lastBit: Int32Array;
  /** Rows in each block. */
  rows: Int32Array;
  table: Uint16Array;
  /** The char codes that have a symbol (the pattern's alphabet). */
  codes: readonly number[];
  release(): void;
}

function compile(pattern: string, reverse: boolean, foldCase = false): Compiled {
  const table = (symbols ??= new Uint16Array(65536));
  const m = pattern.length;
  const used: number[] = [];
  const symbolOf = (c: number) => {
    if (table[c] === 0) {
      used.push(c);
      table[c] = used.length;
    }
    return table[c]!;
  };
  // With foldCase (the pattern is lower case), a text character in upper case matches too.
  const upper = (c: number) => {
    const u = String.fromCharCode(c).toUpperCase();
    return u.length === 1 && u.charCodeAt(0) !== c ? u.charCodeAt(0) : -1;
  };
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    symbolOf(c);
    if (foldCase && upper(c) >= 0) symbolOf(upper(c));
  }
  const blocks = Math.ceil(m / W);
  const stride = used.length + 1;
  const peq = new Int32Array(blocks * stride);
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(reverse ? m - 1 - i : i);
    peq[(i >>> 5) * stride + table[c]!]! |= 1 << (i & 31);
    if (foldCase && upper(c) >= 0) peq[(i >>> 5) * stride + table[upper(c)]!]! |= 1 << (i & 31);
  }
  const lastBit = new Int32Array(blocks);
  const rows = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    rows[b] = Math.min(W, m - b * W);
    lastBit[b] = rows[b]! - 1;
  }
  return {
    m,
    blocks,
    stride,
    peq,
    lastBit,
    rows,
    table,
    codes: used,
    release() {
      for (const c of used) table[c] = 0;
    },
  };
}

/**
 * Reports every end offset `e` in `text[from, to)` where some substring ending at `e` is within
 * `k` edits of `pattern` (search mode: the match may start anywhere). `onHit(e, errors)` is
 * called in increasing order of `e`. With `foldCase`, a lower-case pattern also matches upper case.
 */
export function scanApprox(
  text: string,
  from: number,
  to: number,
  pattern: string,
  k: number,
  foldCase: boolean,
  onHit: (end: number, errors: number) => void,
): void {
  const m = pattern.length;
  if (m === 0 || from >= to) return;
  k = Math.min(k, m);
  const c = compile(pattern, false, foldCase);
  try {
    if (c.blocks === 1) scanOneBlock(text, from, to, c, k, onHit);
    else scanBlocks(text, from, to, c, k, onHit);
  } finally {
    c.release();
  }
}

/** Char code -> match bits of the pattern being scanned, for one-block scans (one load per character). */
let direct: Int32Array | undefined;

/** The common case (quotes up to 32 characters, context and seed pieces): the whole column in locals. */
function scanOneBlock(
  text: string,
  from: number,
  to: number,
  c: Compiled,
  k: number,
  onHit: (end: number, errors: number) => void,
): void {
  const { peq, table, m, codes } = c;
  const bits = (direct ??= new Int32Array(65536));
  for (const code of codes) bits[code] = peq[table[code]!]!;
  try {
    scanDirect(text, from, to, bits, m, k, onHit);
  } finally {
    for (const code of codes) bits[code] = 0;
  }
}

function scanDirect(
  text: string,
  from: number,
  to: number,
  bits: Int32Array,
  m: number,
  k: number,
  onHit: (end: number, errors: number) => void,
): void {
  const top = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  for (let j = from; j < to; j++) {
    const eq = bits[text.charCodeAt(j)]!;
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & top) score++;
    else if (mh & top) score--;
    ph <<= 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (score <= k) onHit(j + 1, score);
  }
}

/** Patterns over 32 characters: blocks of 32 rows, only the active ones computed (Ukkonen's cut-off). */
function scanBlocks(
  text: string,
  from: number,
  to: number,
  c: Compiled,
  k: number,
  onHit: (end: number, errors: number) => void,
): void {
  const { blocks, stride, peq, lastBit, rows, table } = c;
  const P = new Int32Array(blocks).fill(-1);
  const M = new Int32Array(blocks);
  const score = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) score[b] = b * W + rows[b]!;
  const last = blocks - 1;
  // Rows 0..k may be within budget before any text: keep the blocks that hold rows up to k + 1.
  let y = Math.min(last, Math.floor(k / W));
  for (let j = from; j < to; j++) {
    const sym = table[text.charCodeAt(j)]!;
    let hin = 0;
    for (let b = 0; b <= y; b++) hin = advance(P, M, b, peq[b * stride + sym]!, hin, lastBit[b]!, score);
    // The next block's top row can come within budget only if this block's bottom row was within
    // budget in the previous column (score[y] - hin is that earlier value).
    if (y < last && score[y]! - hin <= k) {
      y++;
      P[y] = -1;
      M[y] = 0;
      score[y] = score[y - 1]! - hin + rows[y]!;
      advance(P, M, y, peq[y * stride + sym]!, hin, lastBit[y]!, score);
    } else {
      while (y > 0 && score[y]! >= k + rows[y]! && score[y - 1]! > k) y--;
    }
    if (y === last && score[last]! <= k) onHit(j + 1, score[last]!);
  }
}

/** One column step of block `b`; updates its deltas and bottom-row score and returns the carry out. */
function advance(
  P: Int32Array,
  M: Int32Array,
  b: number,
  eqBits: number,
  hin: number,
  lastBit: number,
  score: Int32Array,
): number {
  const pv = P[b]!;
  const mv = M[b]!;
  const hneg = hin < 0 ? 1 : 0;
  const eq = eqBits | hneg;
  const xv = eq | mv;
  const xh = (((eq & pv) + pv) ^ pv) | eq;
  let ph = mv | ~(xh | pv);
  let mh = pv & xh;
  const hout = ((ph >>> lastBit) & 1) - ((mh >>> lastBit) & 1);
  ph = (ph << 1) | (hin > 0 ? 1 : 0);
  mh = (mh << 1) | hneg;
  P[b] = mh | ~(xv | ph);
  M[b] = ph & xv;
  score[b]! += hout;
  return hout;
}

/**
 * Edit distance between `pattern` and the best stretch of text that touches `at`, reading the
 * text away from `at` (direction -1: the stretch ends at `at`, as a prefix must; +1: it starts at
 * `at`, as a suffix must). Reads at most `maxRead` characters. Used for context and for the start
 * of an approximate match; the pattern is short or the call is rare, so every block is computed.
 *
 * Returns the least errors and how many characters the best stretch spans (the longest on ties:
 * explaining more of the text with the same edits).
 */
export function alignAt(
  text: string,
  at: number,
  direction: 1 | -1,
  pattern: string,
  maxRead: number,
): { errors: number; length: number } {
  const profile = alignProfile(text, at, direction, pattern, maxRead);
  let best = pattern.length;
  let bestLen = 0;
  for (let j = 1; j < profile.length; j++) {
    if (profile[j]! <= best) {
      best = profile[j]!;
      bestLen = j;
    }
  }
  return { errors: best, length: bestLen };
}

/**
 * The edit distance between `pattern` and every stretch of text that touches `at` (see
 * {@link alignAt}): element j is the distance to the j characters read away from `at` (element
 * 0 is the pattern's length). Lets a caller move a match's boundary and know what it costs.
 */
export function alignProfile(
  text: string,
  at: number,
  direction: 1 | -1,
  pattern: string,
  maxRead: number,
): Int32Array {
  const m = pattern.length;
  const avail = direction < 0 ? at : text.length - at;
  const n = Math.max(0, Math.min(avail, maxRead));
  const out = new Int32Array(n + 1);
  out[0] = m;
  if (m === 0) return out.fill(0);
  // Reading away from `at`, the pattern is consumed from the end nearest `at`: reverse it when reading backwards.
  const c = compile(pattern, direction < 0);
  try {
    const { blocks, stride, peq, lastBit, rows, table } = c;
    const P = new Int32Array(blocks).fill(-1);
    const M = new Int32Array(blocks);
    const score = new Int32Array(blocks);
    for (let b = 0; b < blocks; b++) score[b] = b * W + rows[b]!;
    for (let j = 0; j < n; j++) {
      const pos = direction < 0 ? at - 1 - j : at + j;
      const sym = table[text.charCodeAt(pos)]!;
      // Anchored at `at`: the top row grows by one per character read (skipping text costs).
      let hin = 1;
      for (let b = 0; b < blocks; b++) hin = advance(P, M, b, peq[b * stride + sym]!, hin, lastBit[b]!, score);
      out[j + 1] = score[blocks - 1]!;
    }
    return out;
  } finally {
    c.release();
  }
}

/**
 * Least edits between `pattern` and any stretch of text that ends exactly at `at` (reading
 * backwards) or starts exactly at `at` (reading forwards), the stretch's far end being free.
 * This is the question for context: does the prefix run up to the match, wherever it begins?
 */
export function contextErrors(text: string, at: number, direction: 1 | -1, pattern: string): number {
  const m = pattern.length;
  if (m === 0) return 0;
  // Far end free, near end anchored: search mode reading *towards* `at`, score at the last column.
  const read = Math.min(2 * m + 2, direction < 0 ? at : text.length - at);
  if (read === 0) return m;
  const from = direction < 0 ? at - read : at;
  let last = m;
  // Reading backwards (for a suffix) walks from the far end down to `at` with the pattern reversed.
  searchSteps(text, from, from + read, pattern, direction > 0, (s) => (last = s));
  return last;
}

/**
 * {@link contextErrors} at every boundary in [from, to] at once: element i is the errors of
 * `pattern` as a prefix ending at (direction -1) or a suffix starting at (+1) `from + i`. One pass
 * instead of one per boundary, for moving a candidate's edges.
 */
export function contextProfile(text: string, from: number, to: number, direction: 1 | -1, pattern: string): Int32Array {
  const m = pattern.length;
  const out = new Int32Array(to - from + 1).fill(m);
  if (m === 0) return out.fill(0);
  if (direction < 0) {
    const lo = Math.max(0, from - 2 * m - 2);
    searchSteps(text, lo, to, pattern, false, (s, i) => {
      const at = lo + i + 1;
      if (at >= from) out[at - from] = s;
    });
  } else {
    const hi = Math.min(text.length, to + 2 * m + 2);
    searchSteps(text, from, hi, pattern, true, (s, i) => {
      const at = hi - i - 1;
      if (at <= to) out[at - from] = s;
    });
  }
  return out;
}

/** Search-mode pass over text[from, to) (backwards when `backwards`), reporting the bottom-row score after each character. */
function searchSteps(
  text: string,
  from: number,
  to: number,
  pattern: string,
  backwards: boolean,
  step: (score: number, i: number) => void,
): void {
  const c = compile(pattern, backwards);
  try {
    const { blocks, stride, peq, lastBit, rows, table } = c;
    const P = new Int32Array(blocks).fill(-1);
    const M = new Int32Array(blocks);
    const score = new Int32Array(blocks);
    for (let b = 0; b < blocks; b++) score[b] = b * W + rows[b]!;
    for (let i = 0; i < to - from; i++) {
      const sym = table[text.charCodeAt(backwards ? to - 1 - i : from + i)]!;
      let hin = 0;
      for (let b = 0; b < blocks; b++) hin = advance(P, M, b, peq[b * stride + sym]!, hin, lastBit[b]!, score);
      step(score[blocks - 1]!, i);
    }
  } finally {
    c.release();
  }
}

/** One approximate match of a pattern in a text (UTF-16 offsets, end exclusive). */
export interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * Every approximate match of `pattern` in `text` with at most `maxErrors` edits: one per end
 * offset, with the start that gives the fewest edits. The same contract as the npm package
 * `approx-string-match` (so its fixtures apply); anchoring uses the lower-level scan.
 */
export function searchApprox(text: string, pattern: string, maxErrors: number): ApproxMatch[] {
  const ends: [number, number][] = [];
  scanApprox(text, 0, text.length, pattern, maxErrors, false, (end, errors) => ends.push([end, errors]));
  return ends.map(([end, errors]) => {
    const a = alignAt(text, end, -1, pattern, pattern.length + errors);
    return { start: end - a.length, end, errors: a.errors };
  });
}
