import { describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { CONTENT, fromPanel, makeBackground, PAGE, TARGET } from './support.js';

describe('export and import', () => {
  it('exports every adaptation as one W3C AnnotationCollection', async () => {
    const bg = makeBackground();
    await bg.adaptations.save({ pageUrl: PAGE, pageTitle: 'Lesson 3', target: TARGET, content: CONTENT });
    await bg.adaptations.save({ pageUrl: `${PAGE}/b`, pageTitle: 'Lesson 3b', target: TARGET, content: CONTENT });
    const file = await bg.transfer.exportAll();
    expect(file.fileName).toMatch(/^margins-adaptations-\d{4}-\d{2}-\d{2}\.json$/);
    const json = JSON.parse(file.json);
    expect(json).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      total: 2,
    });
    expect(json.first.items).toHaveLength(2);
    expect(json.first.items[0]).toMatchObject({
      type: 'Annotation',
      motivation: 'commenting',
      target: { source: PAGE },
    });
  });

  it('imports an export into another profile, then skips every duplicate on a second import', async () => {
    const source = makeBackground();
    await source.adaptations.save({ pageUrl: PAGE, pageTitle: 'Lesson 3', target: TARGET, content: CONTENT });
    const { json } = await source.transfer.exportAll();
    const target = makeBackground();
    expect(await target.router.handle({ type: 'importAdaptations', text: json }, fromPanel())).toEqual({
      ok: true,
      value: { imported: 1, skipped: 0, rejected: [] },
    });
    expect(await target.router.handle({ type: 'importAdaptations', text: json }, fromPanel())).toEqual({
      ok: true,
      value: { imported: 0, skipped: 1, rejected: [] },
    });
    const [imported] = await target.adaptations.listForPage(PAGE);
    expect(imported).toMatchObject({ body: CONTENT.body, target: { quote: { exact: TARGET.quote.exact } } });
    expect((await target.outbox.all()).map((r) => r.op)).toEqual(['upsert']);
  });

  it('imports the good entries of a file and reports each bad one with its reason', async () => {
    const bg = makeBackground();
    const good = makeAdaptation();
    const { toWebAnnotation } = await import('@margins/shared/w3c/adaptation-annotation');
    const text = JSON.stringify([
      toWebAnnotation(good),
      { type: 'Annotation', id: 'x' },
      {
        ...toWebAnnotation(good),
        body: [
          { type: 'TextualBody', purpose: 'commenting', value: '<script>x</script>' },
          { type: 'TextualBody', purpose: 'tagging', value: 'pacing' },
        ],
        id: 'urn:uuid:0b1c7a4e-8b6d-4e2a-9c3f-5d7e8a9b0c1d',
      },
    ]);
    const report = await bg.transfer.importText(text);
    expect(report.imported).toBe(1);
    expect(report.skipped).toBe(0);
    expect(report.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(report.rejected[1]!.message).toMatch(/script/i);
  });

  it('fails with a clear error and stores nothing when the file is not JSON', async () => {
    const bg = makeBackground();
    expect(await bg.router.handle({ type: 'importAdaptations', text: 'not json' }, fromPanel())).toMatchObject({
      ok: false,
      error: { code: 'invalid_annotation', message: expect.stringContaining('not valid JSON') },
    });
    expect(await bg.db.adaptations.count()).toBe(0);
  });
});
