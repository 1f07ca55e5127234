import { myDataApi, parseOrThrow } from '@margins/shared';
import type { AccountDeletionService } from '../services/account-deletion-service.js';
import type { MyDataService } from '../services/my-data-service.js';
import { DISTRICT_ADMIN, route, STAFF, type RouteDef } from './table.js';

/** A deletion request is two small fields. */
const SMALL_JSON = { json: 4 * 1024 };

/**
 * "My data" (issue 16): the signed-in person's own data as one JSON download, deleting one's own
 * account (from the LMS or a connected browser), and a district admin deleting someone's.
 */
export function myDataRoutes(d: { myData: MyDataService; deletion: AccountDeletionService }): RouteDef[] {
  return [
    route(
      myDataApi.download,
      { roles: STAFF, summary: 'Download everything the district holds about me (JSON)' },
      async (_req, res, { launch }) => {
        const data = myDataApi.download.response.parse(await d.myData.export(launch));
        res.setHeader('Content-Disposition', 'attachment; filename="margins-my-data.json"');
        res.json(data);
      },
    ),
    route(
      myDataApi.deleteMine,
      { roles: STAFF, body: SMALL_JSON, summary: 'Delete my account from the district (one transaction)' },
      async (req, res, { actor }) => {
        res.json(myDataApi.deleteMine.response.parse(await d.deletion.deleteMine(actor, req.body)));
      },
    ),
    route(
      myDataApi.deletePerson,
      {
        roles: DISTRICT_ADMIN,
        doing: 'delete accounts',
        body: SMALL_JSON,
        summary: "Delete the account of a person of the admin's installation",
      },
      async (req, res, { launch }) => {
        const { userId } = parseOrThrow(myDataApi.deletePerson.params, req.params, 'The person');
        res.json(myDataApi.deletePerson.response.parse(await d.deletion.deletePerson(launch, userId, req.body)));
      },
    ),
  ];
}
