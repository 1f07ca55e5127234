import type { z } from 'zod';
import {
  api,
  coachApi,
  insightApi,
  metricsApi,
  myDataApi,
  practiceApi,
  privacyApi,
  recognitionApi,
  retentionApi,
  type CoachAwardInput,
  type EndorsementInput,
  type FeedbackInput,
  type InsightExportQuery,
  type InsightPageQuery,
  type InsightPreferences,
  type InsightSiteQuery,
  type MentoringActivityInput,
  type MetricsQuery,
  type PracticeEditInput,
  type PrivacyCheckInput,
} from '@margins/shared';
import { request as r, requestFile, saveDownload } from './request.js';

export { ApiError, hasSession, keepsUrl, request, saveFile } from './request.js';

/** Library filters as the UI holds them. */
export interface Filters {
  q: string;
  kind: string;
  gradeBand: string;
  subject: string;
  focusArea: string;
  scope: 'course' | 'district' | 'network';
}

const c = coachApi;
const i = insightApi;
const g = recognitionApi;

/**
 * Every call of the LMS UI, each one line over the shared contract (`request`): the method, path and
 * schemas come from the contract entry, so the UI and the tool cannot drift apart. Grouped by area;
 * `coachClient` and the other names below are the same object's parts.
 */
export const client = {
  session: () => r(api.session),
  library: (f: Filters, cursor?: string | null) =>
    r(api.libraryList, {
      // The select boxes hold the taxonomy's ids; the contract checks them before the call is sent.
      query: { ...f, ...(cursor ? { cursor } : {}), limit: 20 } as z.input<typeof api.libraryList.query>,
    }),
  detail: (id: string) => r(api.libraryDetail, { params: { id } }),
  /** Saves the teacher's edit of her own practice; a 409 ApiError carries the current version (PracticeConflictSchema). */
  updatePractice: (id: string, body: PracticeEditInput) => r(practiceApi.update, { params: { id }, body }),
  focusAreas: () => r(api.focusAreas),
  coaches: () => r(api.adminCoaches),
  people: (q: string) => r(api.adminPeople, { query: { q } }),
  grantCoach: (userId: string) => r(api.adminCoachGrant, { body: { userId } }),
  deployments: () => r(api.adminDeployments),
  reregistrationCode: () => r(api.adminReregistrationCode),
  revokeCoach: (userId: string) => r(api.adminCoachRevoke, { params: { userId } }),
  deepLink: (adaptationIds: string[]) => r(api.deepLinkingResponse, { body: { adaptationIds } }),
  pairingCode: () => r(api.pairingCreate),
  devices: () => r(api.devicesList),
  revokeDevice: (id: string) => r(api.deviceRevoke, { params: { id } }),
  endorse: (id: string, input: EndorsementInput) => r(api.endorse, { params: { id }, body: input }),
  /** Positions of learner names and personal details in texts about to be shared (issue 16). */
  privacyCheck: (input: PrivacyCheckInput) => r(privacyApi.check, { body: input }),
  feedback: (id: string, input: FeedbackInput) => r(api.feedbackCreate, { params: { id }, body: input }),
  sharingSettings: () => r(api.sharingSettings),
  updateSharingSettings: (showAuthorNames: boolean) => r(api.sharingSettingsUpdate, { body: { showAuthorNames } }),
  /** How long the district keeps feedback text and ledger details (issue 16). */
  retention: () => r(retentionApi.settings),
  updateRetention: (detailDays: number) => r(retentionApi.update, { body: { detailDays } }),
  /** Everything Margins keeps about the person, as the JSON file the server signs off (issue 16). */
  myData: async () => (await requestFile(myDataApi.download, {}, 'application/json')).text(),
  /** Deletes the person's own account (issue 16); `recognitions`: revoke them or keep them valid. */
  deleteMyAccount: (recognitions: 'revoke' | 'keep') =>
    r(myDataApi.deleteMine, { body: { confirm: 'delete', recognitions } }),
  /** A district admin deletes the account of someone of their installation (issue 16). */
  deletePerson: (userId: string, recognitions: 'revoke' | 'keep') =>
    r(myDataApi.deletePerson, { params: { userId }, body: { confirm: 'delete', recognitions } }),

  /** The coach workspace (shared/src/api-coach.ts). */
  coach: {
    focusAreas: () => r(c.focusAreas),
    createFocusArea: (f: { title: string; description: string }) => r(c.focusAreaCreate, { body: f }),
    updateFocusArea: (id: string, f: { title: string; description: string }) =>
      r(c.focusAreaUpdate, { params: { id }, body: f }),
    deleteFocusArea: (id: string) => r(c.focusAreaDelete, { params: { id } }),
    collections: (status: 'published' | 'all') => r(c.collections, { query: { status } }),
    collection: (id: string) => r(c.collection, { params: { id } }),
    createCollection: (b: { title: string; description: string; focusAreaId: string | null }) =>
      r(c.collectionCreate, { body: b }),
    updateCollection: (id: string, b: { title: string; description: string; focusAreaId: string | null }) =>
      r(c.collectionUpdate, { params: { id }, body: b }),
    deleteCollection: (id: string) => r(c.collectionDelete, { params: { id } }),
    publish: (id: string) => r(c.collectionPublish, { params: { id } }),
    unpublish: (id: string) => r(c.collectionUnpublish, { params: { id } }),
    addItem: (id: string, adaptationId: string, note = '') =>
      r(c.collectionItemAdd, { params: { id }, body: { adaptationId, note } }),
    updateItem: (id: string, adaptationId: string, patch: { note?: string; position?: number }) =>
      r(c.collectionItemUpdate, { params: { id, adaptationId }, body: patch }),
    removeItem: (id: string, adaptationId: string) => r(c.collectionItemRemove, { params: { id, adaptationId } }),
    approvals: () => r(c.approvals),
    decide: (id: string, decision: 'approve' | 'decline', note: string) =>
      r(c.approvalDecide, { params: { id }, body: { decision, note } }),
    networkReview: (id: string) => r(c.networkReview, { params: { id } }),
    featured: () => r(c.featured),
    feature: (id: string, reason: string) => r(c.feature, { params: { id }, body: { reason } }),
    unfeature: (id: string) => r(c.unfeature, { params: { id } }),
    people: (q: string) => r(c.people, { query: { q } }),
    pairs: () => r(c.mentoringPairs),
    createPair: (mentorUserId: string, menteeUserId: string) =>
      r(c.mentoringCreate, { body: { mentorUserId, menteeUserId } }),
    endPair: (id: string) => r(c.mentoringEnd, { params: { id } }),
    myMentoring: () => r(c.myMentoring),
    mentoringActivities: () => r(c.mentoringActivities),
    logActivity: (input: MentoringActivityInput) => r(c.mentoringActivityLog, { body: input }),
    confirmActivity: (id: string) => r(c.mentoringActivityConfirm, { params: { id } }),
    declineActivity: (id: string) => r(c.mentoringActivityDecline, { params: { id } }),
    mentorPractices: (cursor?: string | null) => r(c.mentorPractices, { query: cursor ? { cursor } : {} }),
    deepLinkOptions: () => r(c.deepLinkOptions),
    deepLink: (s: { adaptationIds: string[]; collectionIds: string[]; participationLineItem: boolean }) =>
      r(api.deepLinkingResponse, { body: s }),
    participation: () => r(c.participation),
    setParticipation: (enabled: boolean) => r(c.participationSet, { body: { enabled } }),
    setCourseKind: (professionalLearning: boolean) => r(c.courseKindSet, { body: { professionalLearning } }),
    postParticipation: () => r(c.participationPost),
  },

  /** Curriculum insight (shared/src/api-insight.ts). */
  insight: {
    sites: () => r(i.sites),
    site: (q: InsightSiteQuery) => r(i.site, { query: q }),
    page: (q: InsightPageQuery) => r(i.page, { query: q }),
    /** Downloads the page report as CSV or Web Annotation JSON-LD (the server credits the teachers in it). */
    download: async (q: InsightExportQuery) =>
      saveDownload(
        await requestFile(i.exportPage, { body: q }, q.format === 'csv' ? 'text/csv' : 'application/ld+json'),
        q.format === 'csv' ? 'margins-curriculum-insight.csv' : 'margins-curriculum-insight.jsonld',
      ),
    preferences: () => r(i.preferences),
    setPreferences: (p: InsightPreferences) => r(i.setPreferences, { body: p }),
    districtSettings: () => r(i.districtSettings),
    setDistrictSettings: (s: { nameAuthors: boolean }) => r(i.setDistrictSettings, { body: s }),
    leads: () => r(i.curriculumLeads),
    grantLead: (userId: string) => r(i.grantCurriculumLead, { body: { userId } }),
    revokeLead: (userId: string) => r(i.revokeCurriculumLead, { params: { userId } }),
  },

  /** Leadership metrics (shared/src/api-metrics.ts). */
  metrics: {
    scopes: () => r(metricsApi.scopes),
    report: (q: MetricsQuery) => r(metricsApi.report, { query: q }),
    /** The CSV, fetched with the launch credential and saved under the name the server chose. */
    downloadCsv: async (q: MetricsQuery) =>
      saveDownload(await requestFile(metricsApi.csv, { query: q }, 'text/csv'), 'margins-metrics.csv'),
  },

  /** Recognition (shared/src/api-recognition.ts). */
  recognition: {
    mine: () => r(g.mine),
    /** The signed credential as the server sent it, byte for byte (a re-serialised copy would not verify). */
    credential: async (id: string) => (await requestFile(g.credential, { params: { id } }, 'application/json')).text(),
    setWall: (id: string, onWall: boolean) => r(g.setWall, { params: { id }, body: { onWall } }),
    wall: () => r(g.wall),
    district: () => r(g.district),
    awardPreview: (input: CoachAwardInput) => r(g.awardPreview, { body: input }),
    award: (input: CoachAwardInput) => r(g.award, { body: input }),
    revoke: (id: string, reason: string) => r(g.revoke, { params: { id }, body: { reason } }),
    rules: () => r(g.rules),
    setRule: (ruleId: string, enabled: boolean, confirmedPreview?: string) =>
      r(g.setRule, { params: { ruleId }, body: { enabled, ...(confirmedPreview ? { confirmedPreview } : {}) } }),
  },
};

/** The coach workspace's calls (the same client). */
export const coachClient = client.coach;
/** Curriculum insight's calls (the same client). */
export const insightClient = client.insight;
/** Leadership metrics' calls (the same client). */
export const metricsClient = client.metrics;
/** Recognition's calls (the same client). */
export const recognitionClient = client.recognition;
