import { parseOrThrow, practiceApi } from '@margins/shared';
import { PracticeConflict, type PracticeEditService } from '../services/practice-edit-service.js';
import { route, STAFF, type RouteDef } from './table.js';

/**
 * A teacher's own practices in the LMS (issue 15, item 2). A 409 carries the practice as it is now
 * (`current`, PracticeConflictSchema) so the form can show it next to what she typed.
 */
export function practiceRoutes(d: { edits: PracticeEditService }): RouteDef[] {
  return [
    route(
      practiceApi.update,
      { roles: STAFF, body: { json: 64 * 1024 }, doing: 'edit this practice', summary: 'Edit your own practice' },
      async (req, res, { launch, actor }) => {
        const { id } = parseOrThrow(practiceApi.update.params, req.params, 'The practice id');
        const edit = parseOrThrow(practiceApi.update.body, req.body, 'The practice');
        try {
          res.json(await d.edits.update(launch, actor, id, edit));
        } catch (e) {
          if (!(e instanceof PracticeConflict)) throw e;
          res.status(409).json({
            error: { code: 'conflict', message: e.message, requestId: res.locals.requestId },
            current: e.current,
          });
        }
      },
    ),
  ];
}
