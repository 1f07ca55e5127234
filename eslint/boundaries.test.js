// Proves that each import boundary fires on a violating import and stays quiet on an allowed one,
// through the repository's own eslint.config.js, so a rule cannot silently stop working (a renamed
// folder, a glob that no longer matches). Run by `pnpm lint`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { boundaries } from './boundaries.js';

const root = path.dirname(import.meta.dirname);

// Only the boundary rules, without type information: the snippets below are not files on disk.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

/** [boundary, file the import is written in, the import, whether the boundary must fire]. */
const cases = [
  ['extension-imports-only-shared', 'extension/src/panel/x.ts', "import '@margins/lti-tool/app';", true],
  [
    'extension-imports-only-shared',
    'extension/src/panel/x.ts',
    "import { app } from '../../../lti-tool/src/app.js';",
    true,
  ],
  ['extension-imports-only-shared', 'extension/src/panel/x.ts', "export * from '@margins/tests/support/tally';", true],
  [
    'extension-imports-only-shared',
    'extension/src/panel/x.ts',
    "import { x } from '@margins/shared/adaptation';",
    false,
  ],
  ['lti-tool-imports-only-shared', 'lti-tool/src/services/x.ts', "import type { X } from '@margins/extension';", true],
  ['lti-tool-imports-only-shared', 'lti-tool/test/x.test.ts', "import '../../extension/src/background/db.js';", true],
  ['lti-tool-imports-only-shared', 'lti-tool/src/services/x.ts', "import { z } from '@margins/shared';", false],
  ['shared-stays-portable', 'shared/src/x.ts', "import { readFileSync } from 'node:fs';", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import { createHash } from 'crypto';", true],
  ['shared-stays-portable', 'shared/src/anchoring/x.ts', "const m = await import('fs/promises');", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import Dexie from 'dexie';", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import browser from 'webextension-polyfill';", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import { browser } from 'wxt/browser';", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import { i18n } from '#i18n';", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import { x } from '../../lti-tool/src/config.js';", true],
  ['shared-stays-portable', 'shared/src/x.ts', "import { z } from 'zod';", false],
  ['nothing-imports-tests', 'lti-tool/src/x.ts', "import { platform } from '../../tests/platform/platform.js';", true],
  ['nothing-imports-tests', 'eslint.config.js', "import x from './tests/support/tally.ts';", true],
  ['nothing-imports-tests', 'tests/lti/x.test.ts', "import { tally } from '../support/tally.js';", false],
  [
    'lms-ui-imports-no-server-code',
    'lti-tool/src/ui/components/X.tsx',
    "import { x } from '../../services/x.js';",
    true,
  ],
  ['lms-ui-imports-no-server-code', 'lti-tool/src/ui/x.ts', "import type { Config } from '../config.js';", true],
  ['lms-ui-imports-no-server-code', 'lti-tool/src/ui/x.ts', "import { createApp } from '@margins/lti-tool';", true],
  ['lms-ui-imports-no-server-code', 'lti-tool/src/ui/x.ts', "import express from 'express';", true],
  ['lms-ui-imports-no-server-code', 'lti-tool/src/ui/x.ts', "import knex from 'knex';", true],
  ['lms-ui-imports-no-server-code', 'lti-tool/src/ui/x.ts', "import { join } from 'node:path';", true],
  ['lms-ui-imports-no-server-code', 'lti-tool/src/ui/components/X.tsx', "import { client } from '../api.js';", false],
  ['annotator-imports-no-storage-or-network', 'extension/src/annotator/x.ts', "import Dexie from 'dexie';", true],
  [
    'annotator-imports-no-storage-or-network',
    'extension/src/annotator/ui/X.tsx',
    "import { ApiClient } from '../../background/api-client.js';",
    true,
  ],
  [
    'annotator-imports-no-storage-or-network',
    'extension/src/annotator/x.ts',
    "import type { Db } from '../background/db.js';",
    true,
  ],
  [
    'annotator-imports-no-storage-or-network',
    'extension/entrypoints/annotator-ui.content.ts',
    "import '../src/background/main';",
    true,
  ],
  [
    'annotator-imports-no-storage-or-network',
    'extension/src/annotator/x.ts',
    "import { sendCommand } from '../protocol/client.js';",
    false,
  ],
];

/** The boundary rules that report `code` written in `file`. */
async function firing(file, code) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  assert.deepEqual(
    result.messages.filter((m) => !m.ruleId),
    [],
    'the snippet parses',
  );
  return result.messages.map((m) => m.ruleId);
}

describe('import boundaries', () => {
  for (const [boundary, file, code, fires] of cases) {
    test(`${boundary} ${fires ? 'reports' : 'allows'} ${code} in ${file}`, async () => {
      const rules = await firing(file, code);
      if (fires) assert.ok(rules.includes(`boundaries/${boundary}`), `expected boundaries/${boundary}, got ${rules}`);
      else assert.deepEqual(rules, []);
    });
  }

  test('has a violating and an allowed case for every boundary', () => {
    for (const b of boundaries) {
      assert.ok(
        cases.some(([name, , , fires]) => name === b.name && fires),
        `${b.name} has no violating case`,
      );
      assert.ok(
        cases.some(([name, , , fires]) => name === b.name && !fires),
        `${b.name} has no allowed case`,
      );
    }
  });
});
