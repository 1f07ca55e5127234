import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every word a person reads in the LMS UI goes through t()/tn() (lti-tool/src/ui/i18n), so a Spanish
 * launch shows no English. This reads each module of the UI (not the string tables) with the TypeScript compiler and reports:
 * JSX text with letters, a text attribute (aria-label, title, placeholder, alt, label…) given a
 * literal, and any other string literal that reads like prose (two words, or a capitalised word)
 * outside t()/tn(), comparisons, object keys and non-text attributes (class, id, href…).
 */
const DIR = fileURLToPath(new URL('../src/ui/', import.meta.url));
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
  'label',
  'lede',
  'heading',
  'hint',
  'message',
  'confirmLabel',
  'menuLabel',
]);
/** Attributes that hold identifiers, addresses or styling, never text a person reads. */
const CODE_ATTRIBUTES =
  /^(class|className|id|key|href|src|type|name|value|for|htmlFor|role|rel|target|method|action|autocomplete|autoComplete|inputMode|pattern|lang|dir|download|idPrefix|tabIndex|style|d|points|viewBox|transform|fill|stroke|textAnchor|dominantBaseline|aria-(labelledby|describedby|controls|live|current|hidden|expanded|disabled|invalid|haspopup|sort|owns|atomic|relevant|modal|pressed|checked|selected)|data-[\w-]+)$/;
const TRANSLATING_CALLS = new Set(['t', 'tn', 'vocabularyLabel']);
/** Calls whose string arguments are identifiers, selectors or formats, never shown text. */
const CODE_CALLS = new Set([
  'fetch',
  'URLSearchParams',
  'Error',
  'getElementById',
  'querySelector',
  'querySelectorAll',
  'closest',
  'addEventListener',
  'removeEventListener',
  'createElement',
  'setAttribute',
  'getAttribute',
  'matchMedia',
  'postMessage',
  'focusById',
]);

/**
 * Literal text that may stay as it is, each with why. Keys are `File.tsx: text`.
 * - "Margins" is the product's name in both languages.
 */
const ALLOWED = new Map<string, string>([
  ['request.ts: `Bearer ${boot.token}`', 'an HTTP Authorization header, not text'],
  ['components/App.tsx: Margins', 'the product name'],
]);

const prose = (s: string) => /\p{L}[\s\u00a0]+\p{L}/u.test(s.trim()) || /^\s*\p{Lu}\p{Ll}/u.test(s);
const letters = (s: string) => /\p{L}/u.test(s);

function findings(file: string, source: string): string[] {
  const sf = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (ALLOWED.has(`${file}: ${clean}`)) return;
    out.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${clean}`);
  };
  const callName = (c: ts.CallExpression) =>
    ts.isIdentifier(c.expression)
      ? c.expression.text
      : ts.isPropertyAccessExpression(c.expression)
        ? c.expression.name.text
        : '';
  /** Why a string literal is not shown text, or null when it may be. */
  const exempt = (node: ts.Node): boolean => {
    let child: ts.Node = node;
    for (let p = node.parent; p; child = p, p = p.parent) {
      if (ts.isCallExpression(p) && child !== p.expression) {
        const name = callName(p);
        if (TRANSLATING_CALLS.has(name) || CODE_CALLS.has(name)) return true;
      }
      if (ts.isJsxAttribute(p)) return CODE_ATTRIBUTES.test(p.name.getText());
      if (
        ts.isBinaryExpression(p) &&
        [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
          p.operatorToken.kind,
        )
      )
        return true;
      if (ts.isElementAccessExpression(p) && child === p.argumentExpression) return true;
      if (ts.isPropertyAssignment(p) && child === p.name) return true;
      if (ts.isCaseClause(p) && child === p.expression) return true;
      if (ts.isLiteralTypeNode(p) || ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return true;
      if (
        ts.isFunctionLike(p) ||
        (ts.isStatement(p) && !ts.isExpressionStatement(p) && !ts.isReturnStatement(p) && !ts.isVariableStatement(p))
      )
        break;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && letters(node.text)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText();
      const text = node.initializer.text;
      if (TEXT_ATTRIBUTES.has(name) ? letters(text) : !CODE_ATTRIBUTES.test(name) && prose(text))
        report(node, `${name}="${text}"`);
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      !ts.isJsxAttribute(node.parent) &&
      prose(node.text) &&
      !exempt(node)
    )
      report(node, node.text);
    else if (
      ts.isTemplateExpression(node) &&
      [node.head, ...node.templateSpans.map((s) => s.literal)].some((p) => prose(p.text)) &&
      !exempt(node)
    )
      report(node, node.getText());
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('LMS UI components', () => {
  // Every module of the UI but the string tables themselves.
  const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.startsWith('i18n'))
    .map((f) => f.replace(/\\/g, '/'));

  it('say nothing in English that does not go through t()', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((f) => findings(f, readFileSync(DIR + f, 'utf8')))).toEqual([]);
  });

  it('catches text, text attributes and prose literals, and lets identifiers and classes pass', () => {
    const found = findings(
      'Probe.tsx',
      `export const P = ({ x }) => (
        <div class="row main" id="a-b" title="Close it" aria-label={x ? 'Open menu' : t('nav.menu')} submitLabel="Add it">
          Hello {x === 'Some value' ? 'Saved it' : t('state.retry')}
          <span>{t('app.you')}</span>
          <p>{\`\${x} tried it\`}</p>
        </div>
      );
      const y = x === 'district' ? 'A colleague' : 'network';`,
    );
    expect(found.map((f) => f.replace(/^Probe.tsx:\d+: /, ''))).toEqual([
      'title="Close it"',
      'Open menu',
      'submitLabel="Add it"',
      'Hello',
      'Saved it',
      '`${x} tried it`',
      'A colleague',
    ]);
  });

  it('keeps each allowed literal in use, so the list cannot go stale', () => {
    for (const key of ALLOWED.keys()) {
      const [file, text] = key.split(/: (.*)/s) as [string, string];
      expect(readFileSync(DIR + file, 'utf8'), key).toContain(text);
    }
  });
});
