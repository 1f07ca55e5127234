/**
 * Bundles the tool's server and admin command line into dist/ (dist/server.js, dist/admin.js), so
 * production runs plain `node dist/server.js`: no TypeScript loader at run time. Workspace packages
 * (@margins/shared, TypeScript sources) are bundled in; every npm dependency stays an import that
 * Node resolves from node_modules, so native addons (sqlite3) and CommonJS packages load as
 * published. The LMS UI is built beside it by vite (dist/ui), where the server looks for it.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const workspacePackages = Object.entries(manifest.dependencies ?? {})
  .filter(([, range]) => String(range).startsWith('workspace:'))
  .map(([name]) => name);

/** Keeps every bare import external except the workspace packages, which ship as TypeScript. */
const npmDependenciesExternal = {
  name: 'npm-dependencies-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const inWorkspace = workspacePackages.some((p) => args.path === p || args.path.startsWith(`${p}/`));
      return inWorkspace ? undefined : { path: args.path, external: true };
    });
  },
};

await build({
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: { server: 'src/server.ts', admin: 'src/cli/admin.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The lowest Node.js the root package.json's `engines` accepts.
  target: 'node22.13',
  sourcemap: true,
  plugins: [npmDependenciesExternal],
  logLevel: 'warning',
});
