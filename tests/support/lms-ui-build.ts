import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const toolDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'lti-tool');

/**
 * Builds the tool's LMS interface when it has never been built, so browser tests that open it work
 * when run on their own (in `pnpm test` the tool's own test step has built it already).
 */
export function ensureLmsUiBuilt(): void {
  if (existsSync(join(toolDir, 'dist', 'ui', 'index.html'))) return;
  console.log('building the LMS interface (lti-tool/dist/ui)…');
  execFileSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: toolDir, stdio: 'inherit' });
}
