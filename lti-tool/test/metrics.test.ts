import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evennessOf, suppressPartition, type MetricCell, type MetricsReport, type MetricsRow } from '@margins/shared';
import { rebuildMetricsRollups } from '../src/data/metrics-rollup.js';
import { csvDocument, csvField } from '../src/services/csv.js';
import { metricsCsv } from '../src/services/metrics-csv.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { metricsWorld } from './metrics-world.js';

type World = Awaited<ReturnType<typeof metricsWorld>>;

/** A shown cell's value, numerator and denominator; fails on a hidden cell. */
function shown(c: MetricCell) {
  if (c.status !== 'shown') throw new Error(`expected a shown cell, got ${JSON.stringify(c)}`);
  return c;
}
const share = (row: MetricsRow, key: keyof MetricsRow['cells']) => [
  shown(row.cells[key]).numerator,
  shown(row.cells[key]).denominator,
];
const allHidden = (row: MetricsRow, reason: string) =>
  Object.values(row.cells).every((c) => c.status === 'suppressed' && c.reason === reason);

describe('suppression and evenness rules', () => {
  it('hides groups under five and, when only one is hidden, the next smallest too', () => {
    expect(
      suppressPartition(
        [
          { id: 'N', members: 6 },
          { id: 'S', members: 5 },
          { id: 'E', members: 2 },
        ],
        13,
      ),
    ).toEqual(
      new Map([
        ['E', 'small-group'],
        ['S', 'complementary'],
      ]),
    );
    // Two small groups already protect each other: nothing else is hidden.
    expect(
      suppressPartition(
        [
          { id: 'N', members: 6 },
          { id: 'S', members: 5 },
          { id: 'E', members: 2 },
          { id: '', members: 1 },
        ],
        14,
      ),
    ).toEqual(
      new Map([
        ['E', 'small-group'],
        ['', 'small-group'],
      ]),
    );
    // No small group: nothing hidden; an empty group is not a hidden group.
    expect(
      suppressPartition(
        [
          { id: 'N', members: 6 },
          { id: 'S', members: 0 },
        ],
        6,
      ).size,
    ).toBe(0);
    // A hidden parent cannot be subtracted from.
    expect(suppressPartition([{ id: 'N', members: 3 }], 3)).toEqual(new Map([['N', 'small-group']]));
  });

  it('measures evenness from a histogram: equal contributions are perfectly even', () => {
    expect(evennessOf([{ contributions: 1, people: 6 }])).toEqual({
      contributors: 6,
      contributions: 6,
      topTenthShare: 1 / 6,
      normalisedEntropy: 1,
    });
    // One person made 9 of 10 contributions among 2: the top tenth (one person) made 90%.
    const skewed = evennessOf([
      { contributions: 9, people: 1 },
      { contributions: 1, people: 1 },
    ]);
    expect(skewed.topTenthShare).toBeCloseTo(0.9, 10);
    expect(skewed.normalisedEntropy).toBeCloseTo(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) / Math.log(2), 10);
    expect(evennessOf([])).toEqual({ contributors: 0, contributions: 0, topTenthShare: null, normalisedEntropy: null });
  });
});

describe('CSV escaping', () => {
  it('keeps formulas as text and quotes separators', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField('Chloé')).toBe('Chloé');
    expect(csvField(null)).toBe('');
  });

  /** Cells as a spreadsheet whose list separator is `sep` reads them (quotes only open a cell at its start). */
  function spreadsheetCells(csv: string, sep: ',' | ';' | '\t'): string[] {
    const cells: string[] = [];
    for (const line of csv.replace(/^\uFEFF/, '').split('\r\n')) {
      let i = 0;
      while (i <= line.length) {
        let cell = '';
        if (line[i] === '"') {
          i++;
          while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
            cell += line[i] === '"' ? '"' : line[i];
            i += line[i] === '"' ? 2 : 1;
          }
          i++;
          while (i < line.length && line[i] !== sep) cell += line[i++];
        } else {
          while (i < line.length && line[i] !== sep) cell += line[i++];
        }
        cells.push(cell);
        i++;
      }
    }
    return cells;
  }

  it('leaves no cell starting a formula, whether the spreadsheet splits on commas, semicolons or tabs', () => {
    const hostile = [
      "Algebra, 7th grade;=cmd|' /C calc'!A0;",
      'Math; +1+1',
      'Math;"=1+1"',
      'Math,@SUM(A1)',
      'a\t=1',
      '-2 groups;  -3',
      'Science\r=1',
    ];
    const csv = csvDocument([['scope', 'value'], ...hostile.map((h) => [h, 3])]);
    for (const sep of [',', ';', '\t'] as const) {
      const cells = spreadsheetCells(csv, sep);
      const formulas = cells.filter((c) => /^[\s"]*[=+\-@\t\r]/.test(c));
      expect(formulas, `split by ${JSON.stringify(sep)}`).toEqual([]);
    }
    // A comma reader still gets the text back, marked, in one cell.
    expect(spreadsheetCells(csv, ',')).toContain("Algebra, 7th grade;'=cmd|' /C calc'!A0;");
  });
});

for (const kind of databaseKinds()) {
  describe(`leadership metrics on ${kind.name}`, { timeout: 60_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let district: MetricsReport;
    const coach = () => w.ctx('n6', ['teacher', 'coach']);
    const period = { from: '2026-01', to: '2026-02' } as const;

    beforeAll(async () => {
      tdb = await kind.create();
      w = await metricsWorld(tdb);
      district = await w.metrics.report(coach(), { scope: 'district', ...period });
    });
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    it('computes the district participation each month and over the period, as counted by hand', () => {
      const [jan, feb] = district.months as [MetricsRow, MetricsRow];
      expect(district.months.map((m) => m.period)).toEqual(['2026-01', '2026-02']);
      // 13 Riverside members (Lakeside's six are not).
      expect(shown(jan.cells.members).value).toBe(13);
      // January: sharers n1 n2; tried n2 (A1) and s4 (A2), never n1 on their own A1; feedback s1; any of the three: n1 n2 s1 s4.
      expect(share(jan, 'shared')).toEqual([2, 13]);
      expect(share(jan, 'tried')).toEqual([2, 13]);
      expect(share(jan, 'feedback')).toEqual([1, 13]);
      expect(share(jan, 'participated')).toEqual([4, 13]);
      expect(shown(jan.cells.participated).value).toBeCloseTo(4 / 13, 12);
      // February: sharers s3 e1; tried n4 (n5's "try" of private A4 never counts); feedback e2; any: s3 n4 e1 e2.
      expect(share(feb, 'shared')).toEqual([2, 13]);
      expect(share(feb, 'tried')).toEqual([1, 13]);
      expect(share(feb, 'feedback')).toEqual([1, 13]);
      expect(share(feb, 'participated')).toEqual([4, 13]);
      // The period counts each person once: sharers n1 n2 s3 e1; tried n2 s4 n4; feedback s1 e2; any: 8 people.
      const t = district.total;
      expect(t.period).toBe('2026-01..2026-02');
      expect(share(t, 'shared')).toEqual([4, 13]);
      expect(share(t, 'tried')).toEqual([3, 13]);
      expect(share(t, 'feedback')).toEqual([2, 13]);
      expect(share(t, 'participated')).toEqual([8, 13]);
    });

    it('computes spread, range and evenness as counted by hand', () => {
      const [jan, feb] = district.months as [MetricsRow, MetricsRow];
      // End of January: A1 and A2 shared (both in Math 7, North). s4 (South, not in Math 7) tried A2.
      expect(share(jan, 'spreadCourse')).toEqual([1, 2]);
      expect(share(jan, 'spreadSchool')).toEqual([1, 2]);
      // End of February: with a course A1 A2 A5, only A2 left its course (s2 remixed A1 from inside Math 7);
      // with a school A1 A2 A3 A5: A2 (s4), A1 (s2, South) and A3 (n4, North) reached another school.
      expect(share(feb, 'spreadCourse')).toEqual([1, 3]);
      expect(share(feb, 'spreadSchool')).toEqual([3, 4]);
      expect(share(district.total, 'spreadSchool')).toEqual([3, 4]);
      // Range: January pacing + scaffolding (shared or tried); February language support + UDL; the period 4 of 12.
      expect(share(jan, 'kindsInUse')).toEqual([2, 12]);
      expect(share(feb, 'kindsInUse')).toEqual([2, 12]);
      expect(share(district.total, 'kindsInUse')).toEqual([4, 12]);
      expect(district.kinds).toEqual({
        status: 'shown',
        uses: expect.arrayContaining([
          { kind: 'pacing', label: 'Pacing', uses: 2 },
          { kind: 'scaffolding', label: 'Scaffolding', uses: 4 },
          { kind: 'language-support', label: 'Language support', uses: 2 },
          { kind: 'udl-accessibility', label: 'UDL / accessibility', uses: 1 },
          { kind: 'accommodation', label: 'Accommodation', uses: 0 },
        ]),
      });
      // Evenness: January has 4 contributors (n1 n2 s1 s4): fewer than five, hidden.
      expect(jan.cells.evenness).toEqual({ status: 'suppressed', reason: 'small-group' });
      // February: 6 contributors, one each (s3 s2 n4 e1 e2 n6): top tenth = 1 person = 1/6, perfectly even.
      expect(shown(feb.cells.topTenthShare).value).toBeCloseTo(1 / 6, 12);
      expect(shown(feb.cells.evenness).value).toBeCloseTo(1, 12);
      // Period: 10 contributors, 12 contributions (n1 and n2 made 2 each): the top person made 2 of 12.
      expect(shown(district.total.cells.topTenthShare).value).toBeCloseTo(2 / 12, 12);
      const h = -(2 * (2 / 12) * Math.log(2 / 12) + 8 * (1 / 12) * Math.log(1 / 12));
      expect(shown(district.total.cells.evenness).value).toBeCloseTo(h / Math.log(10), 12);
    });

    it('breaks the district down by school with small and complementary suppression', () => {
      expect(district.breakdown.map((b) => b.label)).toEqual(['East', 'North', 'South']);
      const [east, north, south] = district.breakdown.map((b) => b.row) as [MetricsRow, MetricsRow, MetricsRow];
      // East has 2 members: hidden. South (5) is hidden too, or 13 minus North's 6 would reveal East.
      expect(allHidden(east, 'small-group')).toBe(true);
      expect(allHidden(south, 'complementary')).toBe(true);
      // North (6): sharers n1 n2; tried n2 n4; no feedback; any n1 n2 n4; 4 contributors so evenness hidden.
      expect(share(north, 'members')).toEqual([6, null]);
      expect(share(north, 'shared')).toEqual([2, 6]);
      expect(share(north, 'tried')).toEqual([2, 6]);
      expect(share(north, 'feedback')).toEqual([0, 6]);
      expect(share(north, 'participated')).toEqual([3, 6]);
      expect(north.cells.evenness.status).toBe('suppressed');
      // North's practices A1 A2: A2 left Math 7; both reached another school. Kinds: pacing, scaffolding, language support (n4 tried A3).
      expect(share(north, 'spreadCourse')).toEqual([1, 2]);
      expect(share(north, 'spreadSchool')).toEqual([2, 2]);
      expect(share(north, 'kindsInUse')).toEqual([3, 12]);
    });

    it('suppresses a school report the same way as the breakdown, every month', async () => {
      const south = await w.metrics.report(coach(), { scope: 'school', id: 'South', ...period });
      expect([south.total, ...south.months].every((r) => allHidden(r, 'complementary'))).toBe(true);
      expect(south.kinds).toEqual({ status: 'suppressed', reason: 'complementary' });
      const east = await w.metrics.report(coach(), { scope: 'school', id: 'East', ...period });
      expect(allHidden(east.total, 'small-group')).toBe(true);
      const north = await w.metrics.report(coach(), { scope: 'school', id: 'North', ...period });
      expect(share(north.total, 'participated')).toEqual([3, 6]);
      expect(north.breakdown).toEqual([]);
    });

    it('reports a course from its own events and participants, and hides a course under five', async () => {
      const math = await w.metrics.report(coach(), { scope: 'course', id: w.courses.math, ...period });
      expect(math.scope).toEqual({ type: 'course', id: w.courses.math, label: 'Math 7' });
      // Members: the 5 who launched from Math 7. Events in Math 7: n1 shared (+ own endorsement), n2 shared and tried A1, s1 feedback, s2 remixed.
      expect(share(math.total, 'members')).toEqual([5, null]);
      expect(share(math.total, 'shared')).toEqual([2, 5]);
      expect(share(math.total, 'tried')).toEqual([1, 5]);
      expect(share(math.total, 'feedback')).toEqual([1, 5]);
      expect(share(math.total, 'participated')).toEqual([3, 5]);
      expect(share(math.total, 'spreadCourse')).toEqual([1, 2]);
      // 4 contributors (n1 n2 s1 s2): evenness hidden.
      expect(math.total.cells.topTenthShare).toEqual({ status: 'suppressed', reason: 'small-group' });
      const tiny = await w.metrics.report(coach(), { scope: 'course', id: w.courses.tiny, ...period });
      expect(allHidden(tiny.total, 'small-group')).toBe(true);
    });

    it('never counts private practices, and drops a practice made private from spread', async () => {
      // n5 "tried" private A4 in February: neither a participant nor a kind in use (accommodation has 0 uses above).
      const feb = district.months[1]!;
      expect(share(feb, 'tried')).toEqual([1, 13]);
      await w.db.knex('adaptations').where({ id: w.practices.A3 }).update({ visibility: 'private' });
      const after = await w.metrics.report(coach(), { scope: 'district', ...period });
      // A3 leaves spread: with a school A1 A2 A5, of which A1 and A2 reached another school.
      expect(share(after.total, 'spreadSchool')).toEqual([2, 3]);
      await w.db.knex('adaptations').where({ id: w.practices.A3 }).update({ visibility: 'district' });
      expect(share((await w.metrics.report(coach(), { scope: 'district', ...period })).total, 'spreadSchool')).toEqual([
        3, 4,
      ]);
    });

    it('keeps each district to its own data', async () => {
      const lake = await w.metrics.report(w.ctx('l1', ['coach']), { scope: 'district', ...period });
      // Six Lakeside members who each shared one practice in February; nothing of Riverside's.
      expect(share(lake.total, 'members')).toEqual([6, null]);
      expect(share(lake.total, 'shared')).toEqual([6, 6]);
      expect(share(lake.months[0]!, 'participated')).toEqual([0, 6]);
      expect(share(lake.total, 'kindsInUse')).toEqual([2, 12]);
      // Another district's course and school are not found, and its scopes list only its own.
      await expect(
        w.metrics.report(w.ctx('l1', ['coach']), { scope: 'course', id: w.courses.math, ...period }),
      ).rejects.toMatchObject({ code: 'not_found' });
      const scopes = await w.metrics.scopes(w.ctx('l1', ['coach']));
      expect(scopes.courses.map((c) => c.label)).toEqual(['Science 8']);
      expect(scopes.schools.map((s) => s.id)).toEqual(['North']);
    });

    it('lets coaches and district admins in, and keeps teachers out', async () => {
      await expect(w.metrics.report(w.ctx('n1', ['teacher']), { scope: 'district' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(w.metrics.scopes(w.ctx('n1', ['teacher']))).rejects.toMatchObject({ code: 'forbidden' });
      const admin = await w.metrics.report(w.ctx('n5', ['district-admin']), { scope: 'district', ...period });
      expect(share(admin.total, 'participated')).toEqual([8, 13]);
      await expect(
        w.metrics.report(coach(), { scope: 'district', from: '2020-01', to: '2026-02' }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('rebuilds the same rollups from the ledger as were kept up to date event by event', async () => {
      const snapshot = async () => {
        const out: Record<string, unknown[]> = {};
        for (const [t, order] of [
          ['metrics_person_months', ['month', 'user_id', 'school_key', 'course_key']],
          ['metrics_adaptations', ['adaptation_id']],
          ['metrics_kind_months', ['month', 'school_key', 'course_key', 'kind']],
        ] as const) {
          out[t] = (
            await w.db
              .knex(t)
              .where('tenant_id', w.tenants.riverside)
              .orderBy([...order])
          ).map((r: Record<string, string | number | boolean | null>) =>
            JSON.stringify(
              Object.entries(r).map(([c, v]) => [
                c,
                typeof v === 'boolean' ? Number(v) : v === null ? null : String(v),
              ]),
            ),
          );
        }
        // The per-school sums (kept by triggers) must come out the same too; rows summed down to zero do not matter.
        out.spreadSums = (
          await w.db
            .knex('metrics_spread_school_months')
            .where('tenant_id', w.tenants.riverside)
            .andWhere('practices', '>', 0)
            .orderBy(['school_key', 'month', 'has_course', 'outside_course_month', 'outside_school_month'])
        ).map(
          (r: Record<string, string | number | boolean>) =>
            `${r.school_key}|${r.month}|${Number(r.has_course)}|${r.outside_course_month}|${r.outside_school_month}|${r.practices}`,
        );
        out.kindSums = (
          await w.db
            .knex('metrics_kind_school_months')
            .where('tenant_id', w.tenants.riverside)
            .andWhere('uses', '>', 0)
            .orderBy(['school_key', 'month', 'kind'])
        ).map((r: Record<string, string | number>) => `${r.school_key}|${r.month}|${r.kind}|${r.uses}`);
        return out;
      };
      const before = await snapshot();
      expect(before.spreadSums!.length).toBeGreaterThan(0);
      expect(before.metrics_adaptations).toHaveLength(4);
      await rebuildMetricsRollups(w.db.knex, w.tenants.riverside);
      expect(await snapshot()).toEqual(before);
    });

    it("counts an event without a school for the school the ledger gives it (the course's)", async () => {
      const k = w.db.knex;
      await k('course_contexts').where({ id: w.courses.math }).update({ school_id: 'North' });
      const { LedgerRepo } = await import('../src/data/ledger-repo.js');
      await new LedgerRepo(w.db).append({
        tenantId: w.tenants.riverside,
        type: 'mentoring',
        actorUserId: w.people.s5!.id,
        contextPk: w.courses.math,
        at: '2026-03-02T10:00:00.000Z',
      });
      const rows = await k('metrics_person_months')
        .where({ tenant_id: w.tenants.riverside, month: '2026-03', user_id: w.people.s5!.id })
        .select('school_key', 'contributions');
      expect(
        rows.map((r: { school_key: string; contributions: number | string }) => [
          r.school_key,
          Number(r.contributions),
        ]),
      ).toEqual([['North', 1]]);
    });

    it('exports CSV with suppressed cells empty and flagged, and hostile titles kept as text', async () => {
      const csv = metricsCsv(await w.metrics.report(coach(), { scope: 'course', id: w.courses.tiny, ...period }));
      expect(csv.filename).toBe('margins-metrics-course-hyperlink-http-evil-example-tiny-plc-2026-01-to-2026-02.csv');
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('scope_type,scope,period,metric,value,numerator,denominator,suppressed,note');
      expect(lines[1]).toBe(
        `course,"'=HYPERLINK(""http://evil.example"",""Tiny PLC"")",2026-01..2026-02,Members,,,,true,fewer than 5 people`,
      );
      expect(lines.every((l) => !l.startsWith('=') && !l.includes(',=') && !l.includes(',"='))).toBe(true);
      const d = metricsCsv(district);
      expect(d.filename).toBe('margins-metrics-district-2026-01-to-2026-02.csv');
      expect(d.body).toContain('district,Riverside USD,2026-01..2026-02,Any of the three,0.6154,8,13,false,\r\n');
      expect(d.body).toContain(
        'school,South,2026-01..2026-02,Shared a practice,,,,true,hidden so a smaller group cannot be worked out\r\n',
      );
      expect(d.body).toContain('district,Riverside USD,2026-01..2026-02,Uses: Scaffolding,4,,,false,\r\n');
    });
  });
}
