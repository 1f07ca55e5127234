// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SiteControls } from '../src/panel/SiteControls.js';
import { REGISTRATION_ID } from '../src/background/site-service.js';
import { fromPanel, makeBackground } from './support.js';
import { preactSettled } from './preact-settle.js';

/**
 * Connects the fake browser's runtime messages to a real background router (as the extension does).
 * WXT's fake browser (v2) answers only through `sendResponse`, as Chrome does without the polyfill.
 */
function connect(bg: ReturnType<typeof makeBackground>) {
  fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
    void bg.router.handle(message, fromPanel()).then((r) => sendResponse(r ?? undefined));
    return true;
  });
}

describe('"Enable Margins on this site" (the real permission path of the popup and panel)', () => {
  afterEach(async () => {
    cleanup();
    await preactSettled();
    fakeBrowser.reset();
  });

  it('asks the browser for this one site, then registers the annotator and starts it in the tab', async () => {
    const bg = makeBackground();
    connect(bg);
    const request = vi.fn(async ({ origins }: { origins: string[] }) => {
      origins.forEach((o) => bg.site.granted.add(o));
      return true;
    });
    Object.assign(fakeBrowser, { permissions: { request } });
    render(<SiteControls tab={{ id: 5, url: 'https://curriculum.example.org/unit/1', title: 'Unit 1' }} />);
    const button = await screen.findByRole('button', { name: 'Enable Margins on this site' });
    expect(screen.getByText('Margins is off for curriculum.example.org.')).toBeTruthy();
    fireEvent.click(button);
    await screen.findByText(/Margins is on for curriculum.example.org/);
    expect(request).toHaveBeenCalledWith({ origins: ['https://curriculum.example.org/*'] });
    expect(bg.site.registered.get(REGISTRATION_ID)?.matches).toEqual(['https://curriculum.example.org/*']);
    expect(bg.site.injected).toEqual([5]);
    fireEvent.click(screen.getByRole('button', { name: 'Turn off on this site' }));
    await screen.findByText('Margins is off for curriculum.example.org.');
    expect(bg.site.registered.size).toBe(0);
  });

  it('follows the site being turned on and off elsewhere (the popup) while it stays open (issue 13)', async () => {
    const bg = makeBackground();
    connect(bg);
    render(<SiteControls tab={{ id: 5, url: 'https://curriculum.example.org/unit/1', title: 'Unit 1' }} />);
    await screen.findByText('Margins is off for curriculum.example.org.');
    bg.site.granted.add('https://curriculum.example.org/*');
    await bg.sites.enable('https://curriculum.example.org');
    await screen.findByText(/Margins is on for curriculum.example.org/);
    await bg.sites.disable('https://curriculum.example.org');
    await screen.findByText('Margins is off for curriculum.example.org.');
  });

  it('says so and enables nothing when the teacher declines the browser question', async () => {
    const bg = makeBackground();
    connect(bg);
    Object.assign(fakeBrowser, { permissions: { request: async () => false } });
    render(<SiteControls tab={{ id: 5, url: 'https://curriculum.example.org/unit/1', title: 'Unit 1' }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Enable Margins on this site' }));
    await screen.findByText('The browser did not allow Margins on this site.');
    expect(await bg.sites.list()).toEqual([]);
  });

  it('runs Margins once in the tab with "Use on this page only"', async () => {
    const bg = makeBackground();
    connect(bg);
    render(<SiteControls tab={{ id: 9, url: 'https://curriculum.example.org/unit/1', title: 'Unit 1' }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Use on this page only' }));
    await waitFor(() => expect(bg.site.injected).toEqual([9]));
    expect(await bg.sites.list()).toEqual([]);
  });
});
