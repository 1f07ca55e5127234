import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../src/ui/styles.css', import.meta.url), 'utf8');
const start = css.indexOf(':root {');
const rootEnd = css.indexOf('}', start);
const root = css.slice(start, rootEnd);
/** The component styles: everything after the tokens, comments left out. */
const rules = css.slice(rootEnd + 1).replace(/\/\*[\s\S]*?\*\//g, '');
const defined = new Set([...root.matchAll(/(--[a-z0-9-]+):/g)].map((m) => m[1]));
const componentsDir = new URL('../src/ui/components/', import.meta.url);

/** Issue 15, item 9: the LMS UI's styles use the design tokens of styles.css, not literal values. */
describe('the LMS UI design tokens', () => {
  it('defines spacing, type, colour and focus tokens', () => {
    for (const t of ['--space-1', '--space-6', '--text-sm', '--text-2xl', '--ink', '--accent', '--focus-outline'])
      expect(defined, t).toContain(t);
  });

  it('uses no literal colour, and no literal size outside breakpoints and text-relative em', () => {
    const stray = rules
      .split('\n')
      .map((line, i) => ({ line: line.trim(), n: i + 1 }))
      .filter(({ line }) => !line.startsWith('@media'))
      .filter(
        ({ line }) => /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(/i.test(line) || /(^|[\s(,/:-])\d*\.?\d+(rem|px)\b/.test(line),
      );
    expect(stray).toEqual([]);
  });

  it('uses only tokens it defines', () => {
    const used = new Set([...rules.matchAll(/var\((--[a-z0-9-]+)/g)].map((m) => m[1]));
    expect([...used].filter((t) => !defined.has(t))).toEqual([]);
  });

  it('keeps literal colours out of the components (charts take theirs from classes)', () => {
    const found = readdirSync(componentsDir)
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) =>
        readFileSync(new URL(f, componentsDir), 'utf8')
          .split('\n')
          .filter((l) => /['"]#[0-9a-f]{3,8}['"]|\brgba?\(/i.test(l))
          .map((l) => `${f}: ${l.trim()}`),
      );
    expect(found).toEqual([]);
  });
});
