/**
 * Assignment and Grade Services 2.0: line items (AGS 2.0 section 3.2), scores (3.4) and results (3.3) of a
 * course. Line items belong to the tool that created them; a tool never sees another tool's columns.
 */
import express, { type Request, type Response, type Router } from 'express';
import { SCOPES, type PlatformState } from './state.js';
import { requireScope } from './token.js';
import type { LineItem } from './types.js';

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const RESULTS = 'application/vnd.ims.lis.v2.resultcontainer+json';
const ACTIVITY = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
const GRADING = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];

function bad(res: Response, status: number, message: string): void {
  res.status(status).json({ error: status === 404 ? 'not_found' : 'invalid_request', error_description: message });
}

/** The JSON a tool sees for a line item (AGS 2.0 3.2.8). */
function toJson(state: PlatformState, li: LineItem) {
  const { course, clientId: _owner, ...fields } = li;
  return { ...fields, id: state.endpoints.lineItem(course, li.id) };
}

/** Validates a line item body; returns an error sentence or the clean fields. */
function parseLineItem(body: unknown): string | Omit<LineItem, 'id' | 'course' | 'clientId'> {
  if (!body || typeof body !== 'object') return 'body must be a JSON line item';
  const b = body as Record<string, unknown>;
  if (typeof b.scoreMaximum !== 'number' || !(b.scoreMaximum > 0))
    return 'scoreMaximum must be a number greater than 0';
  if (typeof b.label !== 'string' || !b.label.trim()) return 'label is required';
  const out: Omit<LineItem, 'id' | 'course' | 'clientId'> = {
    scoreMaximum: b.scoreMaximum,
    label: b.label.slice(0, 255),
  };
  for (const k of ['resourceId', 'resourceLinkId', 'tag', 'startDateTime', 'endDateTime'] as const) {
    if (b[k] === undefined) continue;
    if (typeof b[k] !== 'string') return `${k} must be a string`;
    if ((k === 'startDateTime' || k === 'endDateTime') && Number.isNaN(Date.parse(b[k])))
      return `${k} must be an ISO 8601 date-time`;
    out[k] = b[k];
  }
  if (b.gradesReleased !== undefined) out.gradesReleased = Boolean(b.gradesReleased);
  return out;
}

/** Validates a score (AGS 2.0 3.4); returns an error sentence or undefined. */
function scoreProblem(state: PlatformState, course: string, s: Record<string, unknown>): string | undefined {
  if (typeof s.userId !== 'string' || !s.userId) return 'userId is required';
  if (!state.roster.course(course).members.has(s.userId)) return 'userId is not a member of this context';
  if (typeof s.timestamp !== 'string' || Number.isNaN(Date.parse(s.timestamp)))
    return 'timestamp must be an ISO 8601 date-time';
  if (!ACTIVITY.includes(String(s.activityProgress))) return `activityProgress must be one of ${ACTIVITY.join(', ')}`;
  if (!GRADING.includes(String(s.gradingProgress))) return `gradingProgress must be one of ${GRADING.join(', ')}`;
  if (s.scoreGiven !== undefined) {
    if (typeof s.scoreGiven !== 'number' || s.scoreGiven < 0) return 'scoreGiven must be a number of at least 0';
    if (typeof s.scoreMaximum !== 'number' || !(s.scoreMaximum > 0)) return 'scoreMaximum is required with scoreGiven';
  }
  return undefined;
}

/**
 * A score for someone the gradebook does not grade (a teacher), refused as each LMS does. Moodle 5.1
 * answers 400 with the plain text "Incorrect score received" (mod/lti/service/gradebookservices/classes/
 * local/resources/scores.php, for a user outside its graded roles). Canvas answers 422 with
 * `{errors: {type, message}}` "User not found in course or is not a student"
 * (instructure/canvas-lms app/controllers/lti/ims/scores_controller.rb, verify_user_in_context).
 */
function refuseUngradable(state: PlatformState, res: Response): void {
  if (state.product === 'canvas') {
    res.status(422).json({
      errors: { type: 'unprocessable_entity', message: 'User not found in course or is not a student' },
    });
    return;
  }
  res.status(400).type('text/plain').send('Incorrect score received');
}

/** Routes of the line item, score and result services. */
export function agsRoutes(state: PlatformState): Router {
  const router = express.Router();
  const json = express.json({ type: ['application/json', 'application/*+json'], limit: '64kb' });
  const base = '/api/lti/courses/:course/line_items';
  const read = requireScope(state, [SCOPES.lineItem, SCOPES.lineItemReadOnly]);
  const write = requireScope(state, [SCOPES.lineItem]);

  const courseOf = (req: Request, res: Response): string | undefined => {
    const course = String(req.params.course);
    if (!state.roster.courses.has(course)) bad(res, 404, 'unknown context');
    else return course;
    return undefined;
  };
  const itemOf = (req: Request, res: Response): LineItem | undefined => {
    const course = courseOf(req, res);
    if (!course) return undefined;
    const li = state.lineItems.get(String(req.params.id));
    if (!li || li.course !== course || li.clientId !== res.locals.clientId) {
      bad(res, 404, 'unknown line item');
      return undefined;
    }
    return li;
  };

  router.get(base, read, (req, res) => {
    const course = courseOf(req, res);
    if (!course) return;
    const q = req.query;
    let items = [...state.lineItems.values()].filter(
      (li) => li.course === course && li.clientId === res.locals.clientId,
    );
    if (typeof q.resource_link_id === 'string') items = items.filter((li) => li.resourceLinkId === q.resource_link_id);
    if (typeof q.resource_id === 'string') items = items.filter((li) => li.resourceId === q.resource_id);
    if (typeof q.tag === 'string') items = items.filter((li) => li.tag === q.tag);
    const limit = Number(q.limit);
    if (Number.isInteger(limit) && limit > 0) items = items.slice(0, limit);
    res.type(LINE_ITEMS).send(JSON.stringify(items.map((li) => toJson(state, li))));
  });

  router.post(base, write, json, (req, res) => {
    const course = courseOf(req, res);
    if (!course) return;
    const parsed = parseLineItem(req.body);
    if (typeof parsed === 'string') return bad(res, 400, parsed);
    const li: LineItem = { ...parsed, id: state.newLineItemId(), course, clientId: res.locals.clientId as string };
    state.lineItems.set(li.id, li);
    state.received.lineItems.push({ ...li });
    res
      .status(201)
      .type(LINE_ITEM)
      .send(JSON.stringify(toJson(state, li)));
  });

  router.get(`${base}/:id`, read, (req, res) => {
    const li = itemOf(req, res);
    if (li) res.type(LINE_ITEM).send(JSON.stringify(toJson(state, li)));
  });

  router.put(`${base}/:id`, write, json, (req, res) => {
    const li = itemOf(req, res);
    if (!li) return;
    const parsed = parseLineItem(req.body);
    if (typeof parsed === 'string') return bad(res, 400, parsed);
    const updated: LineItem = { ...parsed, id: li.id, course: li.course, clientId: li.clientId };
    state.lineItems.set(li.id, updated);
    res.type(LINE_ITEM).send(JSON.stringify(toJson(state, updated)));
  });

  router.delete(`${base}/:id`, write, (req, res) => {
    const li = itemOf(req, res);
    if (!li) return;
    state.lineItems.delete(li.id);
    state.results.delete(li.id);
    res.status(204).end();
  });

  router.post(`${base}/:id/scores`, requireScope(state, [SCOPES.score]), json, (req, res) => {
    const li = itemOf(req, res);
    if (!li) return;
    const score = (req.body ?? {}) as Record<string, unknown>;
    const problem = scoreProblem(state, li.course, score);
    if (problem) return bad(res, 400, problem);
    if (!state.roster.gradable(score.userId as string, li.course)) return refuseUngradable(state, res);
    const perUser = state.results.get(li.id) ?? new Map<string, Record<string, unknown>>();
    const previous = perUser.get(score.userId as string);
    // AGS 2.0 3.4.2: an update older than the one on record must not replace it.
    if (previous && Date.parse(String(previous.timestamp)) > Date.parse(String(score.timestamp))) {
      return bad(res, 409, 'a newer score is already on record for this user');
    }
    perUser.set(score.userId as string, score);
    state.results.set(li.id, perUser);
    state.received.scores.push({
      clientId: li.clientId,
      course: li.course,
      lineItemId: li.id,
      score,
      receivedAt: new Date().toISOString(),
    });
    res.status(204).end();
  });

  router.get(`${base}/:id/results`, requireScope(state, [SCOPES.resultReadOnly]), (req, res) => {
    const li = itemOf(req, res);
    if (!li) return;
    const lineItemUrl = state.endpoints.lineItem(li.course, li.id);
    let results = [...(state.results.get(li.id)?.values() ?? [])]
      .filter((s) => s.scoreGiven !== undefined)
      .map((s) => ({
        id: `${lineItemUrl}/results/${encodeURIComponent(String(s.userId))}`,
        scoreOf: lineItemUrl,
        userId: s.userId,
        resultScore: s.scoreGiven,
        resultMaximum: s.scoreMaximum,
        ...(s.comment ? { comment: s.comment } : {}),
      }));
    if (typeof req.query.user_id === 'string') results = results.filter((r) => r.userId === req.query.user_id);
    res.type(RESULTS).send(JSON.stringify(results));
  });
  return router;
}
