import express, { Router, type Request } from 'express';
import { api, parseOrThrow } from '@margins/shared';
import type { LaunchContext } from '../lti/launch-context.js';
import type { SessionAuth } from '../lti/session.js';
import type { PairingService } from '../services/pairing-service.js';
import type { SharingService } from '../services/sharing-service.js';

/** Collaborators of the LMS UI's pairing and sharing-settings endpoints. */
export interface PairingApiDeps {
  session: SessionAuth;
  pairing: PairingService;
  sharing: SharingService;
}

/**
 * The LMS UI side of pairing (launch session only): a connection code for the extension, the
 * person's connected browsers and disconnecting one; and the district's sharing settings.
 */
export function pairingRouter(d: PairingApiDeps): Router {
  const r = Router();
  const json = express.json({ limit: '16kb' });
  const ctx = (req: Request): Promise<LaunchContext> => d.session.fromHeader(req.get('authorization'));

  r.post(api.pairingCreate.path, async (req, res) => {
    res.status(201).json(await d.pairing.createCode(await ctx(req)));
  });
  r.get(api.devicesList.path, async (req, res) => {
    res.json({ devices: await d.pairing.devices(await ctx(req)) });
  });
  r.delete(api.deviceRevoke.path, async (req, res) => {
    const c = await ctx(req);
    const { id } = parseOrThrow(api.deviceRevoke.params, req.params, 'The browser');
    await d.pairing.revoke(c, id);
    res.json({ revoked: true });
  });
  r.get(api.sharingSettings.path, async (req, res) => {
    res.json(await d.sharing.settings(await ctx(req)));
  });
  r.put(api.sharingSettingsUpdate.path, json, async (req, res) => {
    const c = await ctx(req);
    res.json(
      await d.sharing.updateSettings(c, parseOrThrow(api.sharingSettingsUpdate.body, req.body, 'The sharing settings')),
    );
  });
  return r;
}
