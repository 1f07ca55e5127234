import { describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { adaptationRow, StoredAdaptationSchema } from '../src/data/adaptations-repo.js';
import { readStoredAdaptation } from '../src/data/stored-adaptation.js';
import { parseRow } from '../src/data/rows.js';

/** A row as a driver returns it: SQLite gives 0/1 for booleans, pg true/false. */
function stored(driver: 'sqlite' | 'pg') {
  const a = makeAdaptation({ visibility: 'district', version: 3 });
  const row: Record<string, unknown> = adaptationRow(a, {
    tenantId: 't1',
    contextPk: null,
    networkStatus: 'none',
    deleted: false,
  });
  if (driver === 'sqlite') row.deleted = 0;
  return row;
}

describe('reading a stored adaptation on the hot paths', () => {
  for (const driver of ['sqlite', 'pg'] as const)
    it(`gives what the full schema gives (${driver} row)`, () => {
      const row = stored(driver);
      expect(readStoredAdaptation(row)).toEqual(parseRow(StoredAdaptationSchema, row, 'adaptations'));
    });

  it('fails loudly, with the reason, on a row that is not what was written', () => {
    const notJson = { ...stored('pg'), json: 'not json' };
    expect(() => readStoredAdaptation(notJson)).toThrow(/stored adaptations row does not match/);
    const otherRow = { ...stored('pg'), id: 'another-id' };
    // The JSON belongs to another row: not trusted, and the full schema then judges the row itself.
    expect(readStoredAdaptation(otherRow)).toEqual(parseRow(StoredAdaptationSchema, otherRow, 'adaptations'));
    const badVisibility = { ...stored('pg'), visibility: 'everyone' };
    expect(() => readStoredAdaptation(badVisibility)).toThrow(/visibility/);
    const badJson = { ...stored('pg'), json: JSON.stringify({ ...JSON.parse(stored('pg').json as string), page: 7 }) };
    expect(() => readStoredAdaptation(badJson)).toThrow(/page/);
  });
});
