import { describe, expect, it } from 'vitest';
import { CookieJar } from '../index.js';

describe('the driver cookie jar', () => {
  it('shares cookies across ports of one host, like a browser', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1:4000/login', ['state1=abc; Path=/; HttpOnly']);
    expect(jar.header('http://127.0.0.1:5000/launch')).toBe('state1=abc');
    expect(jar.header('http://localhost:4000/')).toBe('');
  });

  it('honours Path, Max-Age and expiry', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1/app/page', [
      'a=1',
      'b=2; Path=/api',
      'c=3; Max-Age=0',
      'd=4; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
    expect(jar.header('http://127.0.0.1/app/x')).toBe('a=1');
    expect(jar.header('http://127.0.0.1/api/v1')).toBe('b=2');
    expect(jar.header('http://127.0.0.1/apix')).toBe('');
    jar.store('http://127.0.0.1/app/page', ['a=1; Max-Age=0']);
    expect(jar.header('http://127.0.0.1/app/x')).toBe('');
  });

  it('accepts Secure cookies on loopback and https only, and refuses cookies for other domains', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1/', ['s=1; Secure; SameSite=None']);
    jar.store('http://tool.test/', ['t=1; Secure', 'u=1; Domain=other.test']);
    jar.store('http://sub.tool.test/', ['v=1; Domain=tool.test']);
    expect(jar.get('http://127.0.0.1/', 's')).toBe('1');
    expect(jar.header('http://tool.test/')).toBe('v=1');
    expect(jar.get('http://deeper.tool.test/', 'v')).toBe('1');
  });

  it('restores a captured copy (used to replay a request with its cookies)', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1/', ['state=1']);
    const captured = jar.clone();
    jar.store('http://127.0.0.1/', ['state=; Max-Age=0', 'session=2']);
    jar.restore(captured);
    expect(jar.header('http://127.0.0.1/')).toBe('state=1');
  });
});
