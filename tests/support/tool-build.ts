import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './extension-build.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const toolDir = join(repoRoot, 'lti-tool');
/** The built server, as production starts it (`pnpm --filter @margins/lti-tool start`). */
export const toolServerEntry = join(toolDir, 'dist', 'server.js');
/** The built admin command line (`pnpm --filter @margins/lti-tool admin`). */
export const toolAdminEntry = join(toolDir, 'dist', 'admin.js');

/** The inputs of the tool's server build: its sources, the build script and the shared model it bundles. */
const sources = () => [
  join(toolDir, 'src'),
  join(toolDir, 'scripts'),
  join(toolDir, 'package.json'),
  join(repoRoot, 'shared/src'),
];

/**
 * Bundles the tool's server and admin command line (lti-tool/scripts/build-server.mjs) when the
 * output is missing or older than any source, so tests that start the tool as its own process run
 * exactly what production runs. The LMS UI (dist/ui) is vite's and built elsewhere.
 */
export function ensureToolServerBuilt(): void {
  const built = Math.min(...[toolServerEntry, toolAdminEntry].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (built > 0 && Math.max(...sources().map(newest)) <= built) return;
  console.log('building the tool (lti-tool/dist/server.js, dist/admin.js)…');
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: toolDir, stdio: 'inherit' });
}
