// ESLint for the whole workspace: type-aware typescript-eslint, the import boundaries of STYLE.md
// (eslint/boundaries.js) and eslint-config-prettier last, so lint never argues with the formatter.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaryConfigs } from './eslint/boundaries.js';

/** Test code: suites, their helpers and fakes, the LTI test platform, benchmarks. */
const testFiles = ['tests/**', '*/test/**'];

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', '**/.output/', '**/.wxt/', '**/coverage/', 'tests/.tmp/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Both are in the recommended set; named here because the house rules depend on them.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A leading underscore marks a binding left unused on purpose (`{ omitted: _o, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Off: `async` without `await` is how a fake or an adapter meets a Promise-returning interface,
      // and it turns a throw into a rejection, which is what callers of such an interface handle.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Off in tests: they read untyped JSON (res.json(), JSON.parse, ltijs) and assert on it, where a
    // wrong shape fails the assertion. Product code must parse with the zod schemas instead.
    files: testFiles,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Plain scripts the LTI test platform serves to the browser, and a stand-in extension.
    files: ['tests/platform/public/**/*.js', 'tests/sync/fixtures/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  ...boundaryConfigs,
  prettier,
);
