// The import boundaries of STYLE.md, one ESLint rule per boundary. A rule resolves each import to a
// place (a folder of this repository, a package name or a Node built-in) before it judges it, so a
// relative path that climbs into a forbidden folder is caught as surely as a bare package name.
// The bundled no-restricted-imports only sees the written string, and one file glob's options
// replace another's, which is why these are rules of their own. eslint/boundaries.test.js proves
// that each one fires.
import { isBuiltin } from 'node:module';
import path from 'node:path';

const root = path.dirname(import.meta.dirname);

/** The files of a folder that ESLint reads (a bare `folder/**` would also pull in JSON, CSS and PNG). */
const code = (folder) => `${folder}/**/*.{ts,tsx,mts,cts,js,mjs,cjs}`;

/** Workspace packages by name, so `@margins/lti-tool/x` is judged as the folder `lti-tool/`. */
const workspace = {
  '@margins/shared': 'shared',
  '@margins/extension': 'extension',
  '@margins/lti-tool': 'lti-tool',
  '@margins/tests': 'tests',
};

/** Server-side packages the LMS UI (which runs in the teacher's browser) must never pull in. */
const serverPackages = ['express', 'knex', 'pg', 'sqlite3', 'node:'];

/**
 * Each boundary: the files it governs (ESLint globs, from the repository root), the folders
 * (`paths`, less `except`) and packages (`packages`: a name, a `scope/*` prefix, or `node:` for
 * every Node built-in) those files may not import, and why.
 */
export const boundaries = [
  {
    name: 'extension-imports-only-shared',
    files: [code('extension')],
    paths: ['lti-tool', 'tests'],
    why: 'the extension imports only @margins/shared among workspace packages',
  },
  {
    name: 'lti-tool-imports-only-shared',
    files: [code('lti-tool')],
    paths: ['extension', 'tests'],
    why: 'the LTI tool imports only @margins/shared among workspace packages',
  },
  {
    name: 'shared-stays-portable',
    files: [code('shared')],
    paths: ['extension', 'lti-tool', 'tests'],
    packages: ['node:', 'dexie', 'webextension-polyfill', 'wxt', '@wxt-dev/*', '#imports', '#i18n'],
    why: 'shared runs in the page, the extension and the server: no Node built-ins, extension APIs or Dexie',
  },
  {
    name: 'nothing-imports-tests',
    files: [code('**')],
    ignores: ['tests/**'],
    paths: ['tests'],
    why: 'tests/ holds test stand-ins and suites; product code must not depend on them',
  },
  {
    name: 'lms-ui-imports-no-server-code',
    files: [code('lti-tool/src/ui')],
    paths: ['lti-tool'],
    except: ['lti-tool/src/ui'],
    packages: serverPackages,
    why: 'the LMS UI runs in the browser: it talks to the tool over HTTP and never imports server code',
  },
  {
    name: 'annotator-imports-no-storage-or-network',
    files: [code('extension/src/annotator'), 'extension/entrypoints/annotator-*.ts'],
    paths: ['extension/src/background', 'extension/src/panel', 'extension/src/popup'],
    packages: ['dexie'],
    why: 'the annotator runs in untrusted pages: Dexie and the network client belong to the background, which it reaches only by messages',
  },
];

/** Where an import specifier leads: a repository path (posix, relative to the root) or a package. */
function placeOf(specifier, filename) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const to = path.resolve(path.dirname(filename), specifier);
    return { path: path.relative(root, to).split(path.sep).join('/') };
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (name in workspace) return { path: [workspace[name], ...parts.slice(2)].join('/') };
  if (isBuiltin(specifier)) return { builtin: true, name };
  return { name };
}

const within = (p, folder) => p === folder || p.startsWith(`${folder}/`);

/** Whether `boundary` forbids importing `place`. */
function forbids(boundary, place) {
  if (place.path !== undefined) {
    return (
      (boundary.paths ?? []).some((f) => within(place.path, f)) &&
      !(boundary.except ?? []).some((f) => within(place.path, f))
    );
  }
  return (boundary.packages ?? []).some((p) =>
    p === 'node:'
      ? place.builtin === true
      : p.endsWith('/*')
        ? place.name.startsWith(p.slice(0, -1))
        : place.name === p,
  );
}

function ruleFor(boundary) {
  return {
    meta: {
      type: 'problem',
      docs: { description: boundary.why },
      messages: { forbidden: `'{{specifier}}' crosses a boundary: ${boundary.why}.` },
      schema: [],
    },
    create(context) {
      const check = (source) => {
        if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
        if (forbids(boundary, placeOf(source.value, context.filename))) {
          context.report({ node: source, messageId: 'forbidden', data: { specifier: source.value } });
        }
      };
      return {
        ImportDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
        TSImportType: (node) => check(node.argument?.literal ?? node.source),
        TSExternalModuleReference: (node) => check(node.expression),
        'CallExpression[callee.name="require"]': (node) => check(node.arguments[0]),
      };
    },
  };
}

/** The plugin: one rule per boundary, named after it. */
export const boundariesPlugin = {
  meta: { name: 'margins-boundaries' },
  rules: Object.fromEntries(boundaries.map((b) => [b.name, ruleFor(b)])),
};

/** Flat-config blocks that switch each boundary rule on for the files it governs. */
export const boundaryConfigs = boundaries.map((b) => ({
  name: `boundaries/${b.name}`,
  files: b.files,
  ...(b.ignores ? { ignores: b.ignores } : {}),
  plugins: { boundaries: boundariesPlugin },
  rules: { [`boundaries/${b.name}`]: 'error' },
}));
