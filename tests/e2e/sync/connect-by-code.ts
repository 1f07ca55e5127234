import type { BrowserHarness } from '../../support/extension-harness.js';
import { click, fill, waitFor } from '../../support/page-queries.js';
import type { SyncWorld } from './world.js';

/**
 * Connects a two-browser harness (Firefox here) to the world's district as `who` the way a teacher
 * does without the LMS page's one-click handoff: the extension's own pair page, the tool's address and a
 * code typed in, the confirmation naming the district and the person, then Connect.
 */
export async function connectByCode(
  harness: BrowserHarness,
  world: SyncWorld,
  who: { user: string; name: string },
): Promise<void> {
  const { code, toolUrl } = await world.code(who.user);
  const pair = await harness.driver.newPage(`${harness.driver.extensionOrigin}pair.html`);
  await fill(pair, { label: 'Margins address' }, toolUrl);
  await fill(pair, { label: 'Connection code' }, code);
  await click(pair, { role: 'button', name: 'Continue' });
  await waitFor(pair, {
    role: 'heading',
    name: `Connect this browser to Riverside Unified School District as ${who.name}?`,
  });
  await click(pair, { role: 'button', name: 'Connect' });
  await waitFor(pair, { role: 'heading', name: `Connected to Riverside Unified School District as ${who.name}.` });
  await pair.close();
}
