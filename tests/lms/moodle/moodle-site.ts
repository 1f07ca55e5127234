import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real Moodle 5.1 for the LMS tests (tests/lms/moodle), run the way ../shared/lms/README.md says:
 * Debian's PHP 8.2, the machine's PostgreSQL, PHP's built-in server on 127.0.0.1:8080. The unpacked
 * tree and the freshly installed site (a pg_dump plus its data folder) are cached between runs in
 * ~/.cache/margins/moodle (MARGINS_MOODLE_CACHE), so only the first run pays for Moodle's install.
 */

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
/** Moodle's wwwroot: port 8080 is reserved for these tests on the shared machine. */
export const MOODLE_URL = 'http://127.0.0.1:8080';
export const MOODLE_ADMIN = { username: 'admin', password: 'Admin-pass-1' };
const tarball =
  process.env.MARGINS_MOODLE_TARBALL ?? resolve(repoRoot, '..', 'shared', 'lms', 'moodle-5.1-stock.tar.xz');
const cacheDir = process.env.MARGINS_MOODLE_CACHE ?? join(homedir(), '.cache', 'margins', 'moodle');
const tree = join(cacheDir, 'moodle');
const PG = { host: '127.0.0.1', user: 'postgres' };
const PHP_EXTENSIONS = ['pgsql', 'intl', 'mbstring', 'curl', 'zip', 'gd', 'xml', 'soap', 'sodium'];
/** php's settings for Moodle's command-line installer (its own memory raise is not enough for 5.1). */
const PHP_INSTALL_INI = ['-d', 'max_input_vars=5000', '-d', 'memory_limit=1G'];
/** php's settings for Moodle's pages and fixture scripts. */
const PHP_INI = ['-d', 'max_input_vars=5000', '-d', 'log_errors=1'];
/**
 * The built-in server also keeps compiled files in OPcache's shared memory, shared by its forked workers,
 * so Moodle's thousands of files compile once, not on every request. No file cache: with OPcache's file
 * cache (shared with the fixture processes) every worker segfaulted in the same instruction of the
 * interpreter when the machine was busy, on a corrupted runtime cache (seen here in 3 of 8 full runs and
 * under load on demand). The short fixture processes run without OPcache: 0.3 s either way.
 */
const PHP_SERVER_INI = [
  ...PHP_INI,
  '-d',
  'opcache.enable_cli=1',
  '-d',
  'opcache.memory_consumption=256',
  '-d',
  'opcache.max_accelerated_files=30000',
  // config.php is written anew for each run: compiled files are checked against their time stamps.
  '-d',
  'opcache.revalidate_freq=0',
];

/** True when PHP 8.2 with Moodle's extensions and the Moodle source are here; else says why (and throws in CI). */
export function moodleAvailable(): boolean {
  const problems: string[] = [];
  const php = spawnSync('php', ['-m'], { encoding: 'utf8' });
  if (php.status !== 0) problems.push('PHP is not installed');
  else {
    const have = php.stdout.toLowerCase().split('\n');
    const missing = PHP_EXTENSIONS.filter((x) => !have.includes(x));
    if (missing.length) problems.push(`PHP lacks ${missing.join(', ')}`);
  }
  if (!existsSync(join(tree, 'public', 'index.php')) && !existsSync(tarball))
    problems.push(`the Moodle source ${tarball} is missing`);
  if (spawnSync('pg_isready', ['-q', '-h', PG.host]).status !== 0)
    problems.push('PostgreSQL is not running on 127.0.0.1:5432');
  if (!problems.length) return true;
  const message = `Real-Moodle tests need ${problems.join('; ')}. Install PHP with: sudo apt-get install -y php8.2-cli php8.2-pgsql php8.2-xml php8.2-mbstring php8.2-curl php8.2-zip php8.2-gd php8.2-intl php8.2-soap php8.2-opcache.`;
  if (process.env.CI === 'true') throw new Error(`${message} CI requires them.`);
  console.warn(`${message} Skipping the real-Moodle tests.`);
  return false;
}

/** A running Moodle site on its own database. */
export interface MoodleSite {
  url: string;
  /** Seconds spent unpacking, installing (or restoring) and starting, for the suite's report. */
  timings: { unpack: number; install: number; installCached: boolean; start: number };
  /** Runs a fixture command of fixtures.php (Moodle's own API) and returns its JSON answer. */
  fixture<T = unknown>(cmd: Record<string, unknown>): T;
  /** Runs several fixture commands in one PHP process (Moodle boots once) and returns their answers. */
  fixtures(cmds: Record<string, unknown>[]): unknown[];
  /** Runs Moodle's admin/cli/cfg.php to set a site setting. */
  setConfig(name: string, value: string): void;
  /** What the PHP server printed (for failures). */
  log(): string;
  stop(): Promise<void>;
}

function seconds(since: number): number {
  return Math.round((performance.now() - since) / 100) / 10;
}

function databaseExists(name: string): boolean {
  const out = execFileSync(
    'psql',
    [
      '-Atq',
      '-h',
      PG.host,
      '-U',
      PG.user,
      '-d',
      'postgres',
      '-c',
      `SELECT 1 FROM pg_database WHERE datname = '${name}'`,
    ],
    { encoding: 'utf8' },
  );
  return out.trim() === '1';
}

function psql(sql: string): void {
  execFileSync('psql', ['-q', '-h', PG.host, '-U', PG.user, '-d', 'postgres', '-c', sql], { stdio: 'pipe' });
}

/** Writes config.php for this run's database and data folder (the tree is shared between runs). */
function writeConfig(dbname: string, dataroot: string): void {
  writeFileSync(
    join(tree, 'config.php'),
    `<?php  // Written by tests/lms/moodle/moodle-site.ts for one test run.
unset($CFG);
global $CFG;
$CFG = new stdClass();
$CFG->dbtype    = 'pgsql';
$CFG->dblibrary = 'native';
$CFG->dbhost    = '${PG.host}';
$CFG->dbname    = '${dbname}';
$CFG->dbuser    = '${PG.user}';
$CFG->dbpass    = '';
$CFG->prefix    = 'mdl_';
$CFG->dboptions = array('dbpersist' => 0, 'dbport' => 5432, 'dbsocket' => '');
$CFG->wwwroot   = '${MOODLE_URL}';
$CFG->dataroot  = '${dataroot}';
$CFG->admin     = 'admin';
$CFG->directorypermissions = 02777;
// PHP's built-in server cannot serve slash arguments.
$CFG->slasharguments = 0;
// Loopback-only tests: Moodle must fetch the tool's keys from 127.0.0.1 on a non-standard port.
$CFG->curlsecurityblockedhosts = '';
$CFG->curlsecurityallowedport = '';
$CFG->noemailever = true;
// A failed step's report shows Moodle's own errors: they go to PHP's log (the server's stderr), not the page.
$CFG->debug = 32767;
$CFG->debugdisplay = 0;
require_once(__DIR__ . '/lib/setup.php');
`,
  );
}

/**
 * Unpacks Moodle (once), gives it a fresh database (restored from the cached install, or installed
 * and then cached), and serves it on 127.0.0.1:8080 with PHP's built-in server.
 */
export async function startMoodle(): Promise<MoodleSite> {
  // Earlier runs kept an OPcache file cache here; it is no longer used.
  for (const old of ['opcache', 'opcache.in-use']) rmSync(join(cacheDir, old), { recursive: true, force: true });
  const busy = await fetch(`${MOODLE_URL}/`).then(
    () => true,
    () => false,
  );
  if (busy)
    throw new Error(`Something already listens on ${MOODLE_URL}; a previous Moodle test run may still be running.`);
  let t = performance.now();
  if (!existsSync(join(tree, 'public', 'index.php'))) {
    console.log(`moodle: unpacking ${tarball} into ${cacheDir}`);
    rmSync(tree, { recursive: true, force: true });
    execFileSync('tar', ['-xJf', tarball, '-C', cacheDir]);
  }
  const unpack = seconds(t);

  const run = randomBytes(4).toString('hex');
  const dbname = `margins_moodle_${run}`;
  const dataroot = mkdtempSync(join(tmpdir(), 'margins-moodledata-'));
  const version =
    /\$version\s*=\s*([0-9.]+)/.exec(readFileSync(join(tree, 'public', 'version.php'), 'utf8'))?.[1] ?? 'x';
  const dump = join(cacheDir, `installed-${version}.dump`);
  const dataTemplate = join(cacheDir, `installed-${version}-data`);
  t = performance.now();
  // The cached install lives as a dump (durable) and as a template database cloned in seconds.
  const templateDb = `margins_moodle_tpl_${version.replace(/\D/g, '_')}`;
  const installCached = existsSync(dump) && existsSync(dataTemplate);
  try {
    if (installCached) {
      if (!databaseExists(templateDb)) {
        psql(`CREATE DATABASE ${templateDb} ENCODING 'UTF8' TEMPLATE template0`);
        execFileSync('pg_restore', ['-h', PG.host, '-U', PG.user, '-d', templateDb, '--no-owner', dump], {
          stdio: 'pipe',
        });
      }
      psql(`CREATE DATABASE ${dbname} TEMPLATE ${templateDb}`);
      cpSync(dataTemplate, dataroot, { recursive: true });
      writeConfig(dbname, dataroot);
    } else {
      console.log('moodle: installing Moodle into a fresh database (cached for later runs)…');
      psql(`CREATE DATABASE ${dbname} ENCODING 'UTF8' TEMPLATE template0`);
      rmSync(join(tree, 'config.php'), { force: true });
      execFileSync(
        'php',
        [
          ...PHP_INSTALL_INI,
          'admin/cli/install.php',
          '--non-interactive',
          '--agree-license',
          '--lang=en',
          `--wwwroot=${MOODLE_URL}`,
          `--dataroot=${dataroot}`,
          '--dbtype=pgsql',
          `--dbhost=${PG.host}`,
          `--dbname=${dbname}`,
          `--dbuser=${PG.user}`,
          '--dbpass=',
          '--fullname=Riverside district Moodle',
          '--shortname=riverside',
          `--adminuser=${MOODLE_ADMIN.username}`,
          `--adminpass=${MOODLE_ADMIN.password}`,
          '--adminemail=admin@example.com',
        ],
        { cwd: tree, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 },
      );
      writeConfig(dbname, dataroot);
    }
  } catch (e) {
    psql(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
    rmSync(dataroot, { recursive: true, force: true });
    throw e;
  }
  if (!existsSync(join(dataTemplate, 'localcache', 'theme'))) {
    // Compile the theme's CSS once (SCSS in PHP: minutes on a busy machine) and keep it with the cached site.
    console.log('moodle: compiling the theme (cached for later runs)…');
    execFileSync('php', [...PHP_INSTALL_INI, 'admin/cli/build_theme_css.php', '--themes=boost'], {
      cwd: tree,
      stdio: 'pipe',
    });
    if (!installCached) execFileSync('pg_dump', ['-h', PG.host, '-U', PG.user, '-Fc', '-f', `${dump}.tmp`, dbname]);
    rmSync(dataTemplate, { recursive: true, force: true });
    cpSync(dataroot, dataTemplate, { recursive: true, filter: (src) => !/[/\\](sessions|temp|lock)$/.test(src) });
    if (!installCached) {
      execFileSync('mv', [`${dump}.tmp`, dump]);
      // The next run clones this in seconds instead of restoring the dump (nothing is connected yet).
      psql(`DROP DATABASE IF EXISTS ${templateDb}`);
      psql(`CREATE DATABASE ${templateDb} TEMPLATE ${dbname}`);
    }
  }
  const install = seconds(t);

  t = performance.now();
  const server: ChildProcess = spawn(
    'php',
    [...PHP_SERVER_INI, '-S', '127.0.0.1:8080', '-t', 'public'],
    // Its own process group: the server forks workers, and stopping must end them all.
    {
      cwd: tree,
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const stopServer = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stopServer);
  let log = '';
  server.stdout!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  server.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  // A crashed server (a signal, not an exit) is named in the log a failed step prints.
  const exited = new Promise<void>((r) =>
    server.once('exit', (code, signal) => {
      log += `\nmoodle: PHP's server ended at ${new Date().toISOString()} (exit code ${code}, signal ${signal})\n`;
      r();
    }),
  );
  const cleanUp = async () => {
    stopServer();
    await exited;
    psql(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
    rmSync(dataroot, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`PHP's server for Moodle exited:\n${log}`);
      const ok = await fetch(`${MOODLE_URL}/login/index.php`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`Moodle did not answer on ${MOODLE_URL}:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await cleanUp();
    throw e;
  }
  const start = seconds(t);

  const php = (args: string[]) => {
    const r = spawnSync('php', [...PHP_INI, ...args], { cwd: tree, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`php ${args.slice(0, 2).join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const fixtures = (cmds: Record<string, unknown>[]): unknown[] => {
    const out = php([join(here, 'fixtures.php'), tree, JSON.stringify(cmds)])
      .trim()
      .split('\n');
    return JSON.parse(out[out.length - 1]!) as unknown[];
  };
  return {
    url: MOODLE_URL,
    timings: { unpack, install, installCached, start },
    fixture<T>(cmd: Record<string, unknown>): T {
      return fixtures([cmd])[0] as T;
    },
    fixtures,
    setConfig(name, value) {
      php(['admin/cli/cfg.php', `--name=${name}`, `--set=${value}`]);
    },
    log: () => log,
    stop: cleanUp,
  };
}
