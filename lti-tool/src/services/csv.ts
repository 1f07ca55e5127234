/**
 * The one CSV writer for every export (RFC 4180, UTF-8 with a byte-order mark, CRLF lines).
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return,
 * which some strip first) as a formula. A cell is not only what a comma reader sees: a spreadsheet whose
 * list separator is `;` (most of continental Europe) or a tab splits the same line there, ignoring our
 * quotes, so `Algebra, 7th grade;=cmd|' /C calc'!A0;` hides a cell starting with `=`. So an apostrophe
 * goes before a trigger at the start of the text and at the start of every piece a `,`, `;` or tab
 * reader could cut out of it (after spaces and quotes, which readers skip or strip). The apostrophe
 * shows that the text was neutralised and is what spreadsheets themselves use to mark text.
 */

/** A separator some spreadsheet may split on (or a line break), then what it skips, then a formula trigger. */
const HIDDEN_FORMULA = /([,;\t\r\n])([\s"']*)(?=[=+\-@\t\r])/g;
const LEADING_FORMULA = /^([\s"']*)(?=[=+\-@\t\r])/;

/** Text with an apostrophe before every formula trigger a comma, semicolon or tab reader could see first. */
export function neutraliseFormulas(s: string): string {
  return s.replace(LEADING_FORMULA, "$1'").replace(HIDDEN_FORMULA, "$1$2'");
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote, line break or edge spaces. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = typeof value === 'number' ? String(value) : neutraliseFormulas(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document from rows of fields (numbers are written as numbers, never neutralised). */
export function csvDocument(rows: readonly (readonly (string | number | null)[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
