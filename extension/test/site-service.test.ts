import { describe, expect, it } from 'vitest';
import { LOADER_SCRIPT, REGISTRATION_ID, siteOf } from '../src/background/site-service.js';
import { makeBackground } from './support.js';

describe('site activation', () => {
  it('names a site by scheme and host, and refuses pages Margins cannot run on', () => {
    expect(siteOf('https://Curriculum.example.org:8443/unit/1?x=1')).toBe('https://curriculum.example.org');
    expect(siteOf('http://127.0.0.1:4321/lesson')).toBe('http://127.0.0.1');
    expect(siteOf('chrome://extensions')).toBeNull();
    expect(siteOf('file:///home/x.html')).toBeNull();
  });

  it('refuses to enable a site the browser has not granted', async () => {
    const { sites, site } = makeBackground();
    await expect(sites.enable('https://curriculum.example.org')).rejects.toMatchObject({ code: 'forbidden' });
    expect(site.registered.size).toBe(0);
  });

  it('registers the annotator for every enabled site and starts it in the tab at once', async () => {
    const granted = new Set(['https://curriculum.example.org/*', 'http://127.0.0.1/*']);
    const { sites, site } = makeBackground(undefined, { granted });
    expect(await sites.enable('https://curriculum.example.org', 3)).toEqual({
      site: 'https://curriculum.example.org',
      enabled: true,
      granted: true,
    });
    await sites.enable('http://127.0.0.1');
    expect(site.registered.get(REGISTRATION_ID)).toMatchObject({
      js: [LOADER_SCRIPT],
      matches: ['http://127.0.0.1/*', 'https://curriculum.example.org/*'],
    });
    expect(site.injected).toEqual([3]);
    await sites.injectInto(3);
    expect(site.injected).toEqual([3]);
    expect(await sites.status('https://curriculum.example.org/a/b')).toEqual({
      site: 'https://curriculum.example.org',
      enabled: true,
      granted: true,
    });
    expect(await sites.list()).toEqual(['http://127.0.0.1', 'https://curriculum.example.org']);
  });

  it('unregisters and gives the permission back when a site is turned off', async () => {
    const granted = new Set(['https://curriculum.example.org/*']);
    const { sites, site } = makeBackground(undefined, { granted });
    await sites.enable('https://curriculum.example.org');
    expect(await sites.disable('https://curriculum.example.org')).toEqual({
      site: 'https://curriculum.example.org',
      enabled: false,
      granted: false,
    });
    expect(site.registered.size).toBe(0);
    expect(granted.size).toBe(0);
  });

  it('forgets sites whose permission the teacher removed in the browser', async () => {
    const granted = new Set(['https://a.example.org/*', 'https://b.example.org/*']);
    const { sites, site } = makeBackground(undefined, { granted });
    await sites.enable('https://a.example.org');
    await sites.enable('https://b.example.org');
    granted.delete('https://a.example.org/*');
    await sites.permissionsRemoved(['https://a.example.org/*']);
    expect(await sites.list()).toEqual(['https://b.example.org']);
    expect(site.registered.get(REGISTRATION_ID)?.matches).toEqual(['https://b.example.org/*']);
  });

  it('rebuilds the registration from the stored list on start-up', async () => {
    const granted = new Set(['https://a.example.org/*']);
    const { sites, site, db } = makeBackground(undefined, { granted });
    await db.sites.put({ site: 'https://a.example.org', enabledAt: 'x' });
    expect(site.registered.size).toBe(0);
    expect(await sites.syncRegistrations()).toEqual(['https://a.example.org/*']);
    expect(site.registered.get(REGISTRATION_ID)?.matches).toEqual(['https://a.example.org/*']);
  });
});
