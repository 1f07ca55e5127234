import { api, buildPath, coachApi } from '@margins/shared';
import { call } from './api.js';

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});
const a = coachApi;

/** The coach workspace's API calls (shared/src/api-coach.ts), parsed with the shared contract. */
export const coachClient = {
  focusAreas: () => call(a.focusAreas.path, a.focusAreas.response),
  createFocusArea: (f: { title: string; description: string }) =>
    call(a.focusAreaCreate.path, a.focusAreaCreate.response, json('POST', f)),
  updateFocusArea: (id: string, f: { title: string; description: string }) =>
    call(buildPath(a.focusAreaUpdate.path, { id }), a.focusAreaUpdate.response, json('PATCH', f)),
  deleteFocusArea: (id: string) =>
    call(buildPath(a.focusAreaDelete.path, { id }), a.focusAreaDelete.response, json('DELETE')),

  collections: (status: 'published' | 'all') => call(`${a.collections.path}?status=${status}`, a.collections.response),
  collection: (id: string) => call(buildPath(a.collection.path, { id }), a.collection.response),
  createCollection: (c: { title: string; description: string; focusAreaId: string | null }) =>
    call(a.collectionCreate.path, a.collectionCreate.response, json('POST', c)),
  updateCollection: (id: string, c: { title: string; description: string; focusAreaId: string | null }) =>
    call(buildPath(a.collectionUpdate.path, { id }), a.collectionUpdate.response, json('PATCH', c)),
  deleteCollection: (id: string) =>
    call(buildPath(a.collectionDelete.path, { id }), a.collectionDelete.response, json('DELETE')),
  publish: (id: string) =>
    call(buildPath(a.collectionPublish.path, { id }), a.collectionPublish.response, json('POST')),
  unpublish: (id: string) =>
    call(buildPath(a.collectionUnpublish.path, { id }), a.collectionUnpublish.response, json('POST')),
  addItem: (id: string, adaptationId: string, note = '') =>
    call(
      buildPath(a.collectionItemAdd.path, { id }),
      a.collectionItemAdd.response,
      json('POST', { adaptationId, note }),
    ),
  updateItem: (id: string, adaptationId: string, patch: { note?: string; position?: number }) =>
    call(
      buildPath(a.collectionItemUpdate.path, { id, adaptationId }),
      a.collectionItemUpdate.response,
      json('PATCH', patch),
    ),
  removeItem: (id: string, adaptationId: string) =>
    call(buildPath(a.collectionItemRemove.path, { id, adaptationId }), a.collectionItemRemove.response, json('DELETE')),

  approvals: () => call(a.approvals.path, a.approvals.response),
  decide: (id: string, decision: 'approve' | 'decline', note: string) =>
    call(buildPath(a.approvalDecide.path, { id }), a.approvalDecide.response, json('POST', { decision, note })),
  networkReview: (id: string) => call(buildPath(a.networkReview.path, { id }), a.networkReview.response),

  featured: () => call(a.featured.path, a.featured.response),
  feature: (id: string, reason: string) =>
    call(buildPath(a.feature.path, { id }), a.feature.response, json('PUT', { reason })),
  unfeature: (id: string) => call(buildPath(a.unfeature.path, { id }), a.unfeature.response, json('DELETE')),

  people: (q: string) => call(`${a.people.path}?${new URLSearchParams({ q })}`, a.people.response),
  pairs: () => call(a.mentoringPairs.path, a.mentoringPairs.response),
  createPair: (mentorUserId: string, menteeUserId: string) =>
    call(a.mentoringCreate.path, a.mentoringCreate.response, json('POST', { mentorUserId, menteeUserId })),
  endPair: (id: string) => call(buildPath(a.mentoringEnd.path, { id }), a.mentoringEnd.response, json('POST')),
  myMentoring: () => call(a.myMentoring.path, a.myMentoring.response),
  mentorPractices: (cursor?: string | null) =>
    call(`${a.mentorPractices.path}${cursor ? `?${new URLSearchParams({ cursor })}` : ''}`, a.mentorPractices.response),

  deepLinkOptions: () => call(a.deepLinkOptions.path, a.deepLinkOptions.response),
  deepLink: (s: { adaptationIds: string[]; collectionIds: string[]; participationLineItem: boolean }) =>
    call(api.deepLinkingResponse.path, api.deepLinkingResponse.response, json('POST', s)),
  participation: () => call(a.participation.path, a.participation.response),
  setParticipation: (enabled: boolean) =>
    call(a.participationSet.path, a.participationSet.response, json('PUT', { enabled })),
  postParticipation: () => call(a.participationPost.path, a.participationPost.response, json('POST')),
};
