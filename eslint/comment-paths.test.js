// Comments that name a file (`see shared/src/anchoring/score.ts`) must name one that exists: a
// renamed or deleted file otherwise leaves a comment that sends the reader nowhere. Checks every
// tracked source file's comments for paths with a folder in them. Run by `pnpm lint`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.dirname(import.meta.dirname);
const PATH = /(?<![\w@/.:-])((?:\.\.?\/)?(?:[\w.-]+\/)+[\w.-]+\.(?:tsx?|m?js|json|md|ya?ml|sql|css|html))\b/g;
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
/** Paths that name build output or the material beside the checkout, not files in the repository. */
const OUTSIDE = [/^(\.\.\/)?shared\/(conformance|lms|reviews|hooks)\//, /(^|\/)(dist|\.output|node_modules)\//];

/** The paths in `source`'s comments that resolve to no file, as seen from `file`. */
function missingPaths(file, source, exists = (p) => existsSync(path.join(root, p))) {
  const pkg = file.split('/')[0];
  const bases = [root, path.dirname(file), pkg, `${pkg}/src`].map((b) => path.relative(root, path.resolve(root, b)));
  const missing = [];
  for (const comment of source.match(COMMENT) ?? [])
    for (const [, p] of comment.matchAll(PATH)) {
      if (OUTSIDE.some((re) => re.test(p))) continue;
      const candidates = bases.map((b) => path.join(b, p));
      // Imports name the emitted .js of a .ts or .tsx source.
      const withSources = candidates.flatMap((c) =>
        c.endsWith('.js') ? [c, c.replace(/\.js$/, '.ts'), c.replace(/\.js$/, '.tsx')] : [c],
      );
      if (!withSources.some((c) => exists(c))) missing.push(p);
    }
  return missing;
}

test('every file path named in a comment exists', () => {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.js', '*.mjs'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    // This file's own examples below name a missing file on purpose.
    .filter((f) => f !== 'eslint/comment-paths.test.js');
  const missing = files.flatMap((f) =>
    missingPaths(f, readFileSync(path.join(root, f), 'utf8')).map((p) => `${f}: ${p}`),
  );
  assert.deepEqual(missing, []);
});

test('finds a comment that names a file that is not there', () => {
  const source = '/** test/vocabulary.test.ts fails if these drift (see shared/src/taxonomy.ts). */';
  assert.deepEqual(missingPaths('extension/src/i18n/vocabulary.ts', source), ['test/vocabulary.test.ts']);
  assert.deepEqual(missingPaths('extension/src/i18n/vocabulary.ts', '// see test/i18n.test.ts'), []);
  assert.deepEqual(missingPaths('lti-tool/src/app.ts', '// built into lti-tool/dist/server.js'), []);
});
