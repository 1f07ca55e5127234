import { api, parseOrThrow } from '@margins/shared';
import type { PairingService } from '../services/pairing-service.js';
import type { SharingService } from '../services/sharing-service.js';
import { DISTRICT_ADMIN, route, STAFF, type RouteDef } from './table.js';

/** Collaborators of the LMS UI's pairing and sharing-settings endpoints. */
export interface PairingApiDeps {
  pairing: PairingService;
  sharing: SharingService;
}

/**
 * The LMS UI side of pairing (launch session only): a connection code for the extension, the
 * person's connected browsers and disconnecting one; and the district's sharing settings.
 */
export function pairingRoutes(d: PairingApiDeps): RouteDef[] {
  const settings = { roles: DISTRICT_ADMIN, doing: 'change sharing settings' } as const;
  return [
    route(
      api.pairingCreate,
      { roles: STAFF, summary: 'A one-time code to connect the extension' },
      async (_req, res, { launch }) => {
        res.status(201).json(await d.pairing.createCode(launch));
      },
    ),
    route(api.devicesList, { roles: STAFF, summary: "One's connected browsers" }, async (_req, res, { launch }) => {
      res.json({ devices: await d.pairing.devices(launch) });
    }),
    route(
      api.deviceRevoke,
      { roles: STAFF, summary: 'Disconnect one of one\u2019s browsers' },
      async (req, res, { launch }) => {
        const { id } = parseOrThrow(api.deviceRevoke.params, req.params, 'The browser');
        await d.pairing.revoke(launch, id);
        res.json({ revoked: true });
      },
    ),
    route(
      api.sharingSettings,
      { ...settings, summary: "The district's sharing settings" },
      async (_req, res, { launch }) => {
        res.json(await d.sharing.settings(launch));
      },
    ),
    route(
      api.sharingSettingsUpdate,
      { ...settings, body: { json: 16 * 1024 }, summary: "Change the district's sharing settings" },
      async (req, res, { launch }) => {
        res.json(
          await d.sharing.updateSettings(
            launch,
            parseOrThrow(api.sharingSettingsUpdate.body, req.body, 'The sharing settings'),
          ),
        );
      },
    ),
  ];
}
