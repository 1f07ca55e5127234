/**
 * Small loopback servers for the platform tests: one that records what it is sent (to see exactly what
 * the platform asked a tool), and one that publishes a hand-made tool key set (to sign client assertions).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** A server that answers every request with `respond` and remembers the request URLs. */
export async function startRecorder(
  respond: (url: URL, res: http.ServerResponse) => void = (_u, res) => res.end('<p>Nothing to see</p>'),
) {
  const seen: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    seen.push(url);
    respond(url, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tool key pair whose public JWKS is served on loopback, and a client-assertion signer. */
export async function startToolKeys() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'tool-key-1', alg: 'RS256', use: 'sig' };
  const server = await startRecorder((_u, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  return {
    jwksUrl: `${server.url}/jwks`,
    /** A signed RFC 7523 client assertion. */
    assertion(clientId: string, aud: string, opts: { jti?: string; key?: CryptoKey } = {}) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'tool-key-1' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('1m')
        .setJti(opts.jti ?? crypto.randomUUID())
        .sign(opts.key ?? privateKey);
    },
    close: server.close,
  };
}
