import { describe, expect, it } from 'vitest';
import { findNames, findSharedTextConcerns, normalizeNameToken, rosterNameTokens } from '../src/names.js';

const roster = new Set(['Maria Lopez', 'Tenzin Dorje', 'Hope Jackson'].flatMap(rosterNameTokens));
const withRoster = { isRosterToken: (t: string) => roster.has(t) };
const texts = (s: string, o = {}) => findNames(s, o).map((n) => n.text);

describe('name detector', () => {
  it("finds the issue's badge citation and its variants, with and without the roster", () => {
    for (const o of [{}, withRoster]) {
      expect(texts('helped Maria Lopez and her classmates write their first argument', o)).toEqual(['Maria Lopez']);
      expect(texts('Helped Maria and her classmates write their first argument.', o)).toEqual(['Maria']);
      expect(texts('Ayudó a María López y a sus compañeros a escribir su primer argumento.', o)).toEqual([
        'María López',
      ]);
    }
    expect(texts('helped maria lopez and her classmates', withRoster)).toEqual(['maria lopez']);
    expect(texts('Helped Lopez and classmates write a first argument.', withRoster)).toEqual(['Lopez']);
  });

  it('uses the roster for names no list knows, and keeps their positions', () => {
    expect(texts('mi estudiante tenzin tradujo las instrucciones')).toEqual([]);
    const found = findNames('mi estudiante tenzin tradujo las instrucciones', withRoster);
    expect(found).toEqual([{ text: 'tenzin', index: 14, source: 'roster' }]);
  });

  it('lets authors and historical figures through, even when a learner shares the given name', () => {
    const mayaRoster = new Set(rosterNameTokens('Maya Torres'));
    for (const s of [
      'I adapted this from Vygotsky and the zone of proximal development.',
      'A Maya Angelou poem works well as the opener.',
      "Questions are sorted by Bloom's taxonomy.",
      'Leímos un poema de Gabriela Mistral.',
      'Pairs well with the Martin Luther King Jr. speech.',
    ])
      expect(texts(s, { isRosterToken: (t: string) => mayaRoster.has(t) })).toEqual([]);
  });

  it('tells a name that is also a word from the word', () => {
    expect(texts('Hope asked for the audio version.', withRoster)).toEqual(['Hope']);
    expect(texts('Hope this helps! Summer teachers loved it.', withRoster)).toEqual([]);
    expect(texts('Will this work for 6th grade?')).toEqual([]);
  });

  it('normalizes accents, case and apostrophes, and drops particles from roster names', () => {
    expect(normalizeNameToken('Sofía')).toBe('sofia');
    expect(normalizeNameToken("O'Brien")).toBe('obrien');
    expect(rosterNameTokens('María José de la Cruz-Díaz')).toEqual(['maria', 'jose', 'cruz', 'diaz']);
  });

  it("never flags the writer's own name, even when a learner shares it", () => {
    expect(texts("Ana's own words, for Tyler.", { ...withRoster, writerName: 'Ana Lima' })).toEqual(['Tyler']);
    expect(texts('Maria Lopez planned this with me.', { ...withRoster, writerName: 'María López' })).toEqual([]);
  });

  it('merges with the cue-word, email and ID checks without overlaps', () => {
    const c = findSharedTextConcerns('My student Jayden (jay@example.org) wrote this.');
    expect(c.map((x) => [x.kind, x.text])).toEqual([
      ['student-name', 'Jayden'],
      ['email', 'jay@example.org'],
    ]);
  });
});
