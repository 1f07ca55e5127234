import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './extension-build.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const toolDir = join(repoRoot, 'lti-tool');
const built = join(toolDir, 'dist', 'ui', 'index.html');

/** The inputs of the LMS interface's build: its sources, the shared model, vite's config. */
const sources = () =>
  [join(toolDir, 'src', 'ui'), join(repoRoot, 'shared', 'src'), join(toolDir, 'vite.config.ts')].filter((p) =>
    existsSync(p),
  );

/**
 * Builds the tool's LMS interface when it was never built or is older than its sources, so browser
 * tests (the stand-in's and the real Moodle's) always open the interface the sources describe.
 */
export function ensureLmsUiBuilt(): void {
  if (existsSync(built) && Math.max(...sources().map(newest)) <= statSync(built).mtimeMs) return;
  console.log('building the LMS interface (lti-tool/dist/ui)…');
  execFileSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: toolDir, stdio: 'inherit' });
}
