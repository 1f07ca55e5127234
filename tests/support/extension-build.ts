import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The extension package. */
export const extensionDir = join(repoRoot, 'extension');
/** The unpacked Chrome build that the browser tests load (see MARGINS_E2E_HOSTS in wxt.config.ts). */
export const chromeBuildDir = join(extensionDir, '.output/e2e/chrome-mv3');
/** The unpacked Firefox build that the browser tests install. */
export const firefoxBuildDir = join(extensionDir, '.output/e2e/firefox-mv3');
/** The Firefox build a teacher installs. */
export const productionFirefoxBuildDir = join(extensionDir, '.output/firefox-mv3');
/** The Chrome build a teacher installs (what `pnpm build` zips). */
export const productionBuildDir = join(extensionDir, '.output/chrome-mv3');
/** Hosts the test build may open without the browser's prompt, which a headless browser cannot answer. */
export const E2E_HOSTS = 'http://127.0.0.1/*';

/** Newest modification time of any file under `path` (skipping dependencies and build output). */
export function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** The inputs of the extension build: its sources and the shared model it bundles. */
const sources = () => [
  join(extensionDir, 'src'),
  join(extensionDir, 'entrypoints'),
  join(extensionDir, 'locales'),
  join(extensionDir, 'public'),
  join(extensionDir, 'wxt.config.ts'),
  join(extensionDir, 'package.json'),
  join(repoRoot, 'shared/src'),
];

/**
 * Builds the extension (Chrome, or Firefox for `e2e-firefox`) when its output is missing or older than any source, so the
 * browser tests always load what the sources say (and `pnpm test` works on a fresh clone).
 */
export function ensureExtensionBuilt(
  variant: 'e2e' | 'production' | 'e2e-firefox' | 'production-firefox' = 'e2e',
): string {
  const dir = {
    e2e: chromeBuildDir,
    production: productionBuildDir,
    'e2e-firefox': firefoxBuildDir,
    'production-firefox': productionFirefoxBuildDir,
  }[variant];
  const manifest = join(dir, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const changed = Math.max(...sources().map(newest));
  if (built === 0 || changed > built) {
    console.log(`building the ${variant} extension (sources changed since the last build)…`);
    const env = { ...process.env, MARGINS_E2E_HOSTS: variant.startsWith('production') ? '' : E2E_HOSTS };
    const args = ['exec', 'wxt', 'build', ...(variant.endsWith('firefox') ? ['-b', 'firefox'] : [])];
    execFileSync('pnpm', args, { cwd: extensionDir, stdio: 'inherit', env });
  }
  return dir;
}
