import type { Knex } from 'knex';

/** A UUID column (text on both databases, so SQLite and PostgreSQL rows compare the same way). */
export const id = (t: Knex.CreateTableBuilder, name = 'id') => t.string(name, 36);
/** An ISO 8601 UTC timestamp column; text sorts chronologically on both databases. */
export const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);
