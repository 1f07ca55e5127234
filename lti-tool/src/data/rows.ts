import { z } from 'zod';

/**
 * Zod helpers for rows read back from SQLite or PostgreSQL: the two drivers disagree on booleans
 * (0/1 vs true/false) and big integers (number vs string), so every repository parses through these.
 */

/** A boolean column. */
export const dbBool = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1' || v === 't' || v === 'true');
/** An integer column (counts come back as strings from pg). */
export const dbInt = z
  .union([z.number(), z.string()])
  .transform((v) => Number(v))
  .pipe(z.number().int());
/** A nullable text column. */
export const dbText = z.string();
/** A nullable text column that may be absent. */
export const dbNullableText = z.string().nullable();
/** A JSON text column parsed with `schema`. */
export function dbJson<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'stored JSON is not valid' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Parses one row, failing loudly (a stored row that does not parse is a bug or corruption, never user input). */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.output<S> {
  const r = schema.safeParse(row);
  if (!r.success)
    throw new Error(
      `A stored ${table} row does not match its schema: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** Parses a list of rows. */
export function parseRows<S extends z.ZodType>(schema: S, rows: unknown[], table: string): z.output<S>[] {
  return rows.map((r) => parseRow(schema, r, table));
}

/** Escapes `%`, `_` and `\` for a LIKE pattern used with ESCAPE '\'. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed/.test(String(err?.message))
  );
}
