import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './tool-process.js';

/** Where Debian's nginx (package nginx-light or nginx) installs its binary. */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

/** True when nginx is installed (`.ci/run` installs it; elsewhere: apt-get install nginx-light). */
export function nginxAvailable(): boolean {
  return NGINX !== null;
}

/** A reverse proxy on a loopback port in front of tool processes. */
export interface ReverseProxy {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground with a configuration of its own in a temporary folder (nothing of
 * the machine's nginx set-up is read or touched): round robin over `upstreams` (host:port) with
 * keep-alive connections, X-Forwarded-For for the tool's TRUST_PROXY, and an X-Upstream header on
 * every answer naming the instance that served it. `port` must be free (see freePort) because the
 * tools' PUBLIC_URL names it before the proxy starts.
 */
export async function startNginx(upstreams: string[], port?: number): Promise<ReverseProxy> {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx-light)');
  const listen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'margins-nginx-'));
  // Run as root, nginx's workers run as nobody: they must reach the folder and write the buffer folders
  // (a push's body is larger than the in-memory buffer).
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  upstream margins {
${upstreams.map((u) => `    server ${u} max_fails=0;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listen};
    client_max_body_size 8m;
    client_body_buffer_size 1m;
    location / {
      proxy_pass http://margins;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(listen))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${listen}`,
    port: listen,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
