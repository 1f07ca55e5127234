import { api, type SharedAdaptation } from '@margins/shared/api';
import { insightApi } from '@margins/shared/api-insight';
import { AppError } from '@margins/shared/errors';
import { canonicalPageUrl } from '@margins/shared/page-url';
import type { EndorsementInput, FeedbackInput } from '@margins/shared/social';
import type { ColleagueAdaptation, ColleagueDetail, HotSpotView } from '../protocol/views.js';
import { remixOfView } from './adaptation-service.js';
import type { ApiClient } from './api-client.js';
import type { ConnectionService } from './connection-service.js';
import type { MarginsDb, SharedRow } from './db.js';
import { socialOf } from './pull-applier.js';
import { checkPrivacyOf, type PrivacyDeps } from './privacy-guard.js';

/** A page's colleagues are looked up again at most this often (pulls keep them fresh meanwhile). */
export const PAGE_LOOKUP_TTL_MS = 2 * 60_000;

/** Collaborators of the ColleaguesService. */
export interface ColleaguesDeps {
  db: MarginsDb;
  api: ApiClient;
  connection: ConnectionService;
  now: () => Date;
  newId: () => string;
  /** A page's adaptations changed: open tabs and the panel reload them. */
  changed: (pageUrl: string) => void;
  /** The district's roster-aware privacy check (issue 16). */
  privacy?: PrivacyDeps;
}

/**
 * Colleagues' adaptations on the teacher's pages (DESIGN: Flow 5): kept in the `shared` table by
 * every pull (so they show offline too) and looked up again for a page when it opens; shaped for
 * the page with only what it draws; "I tried this", structured feedback and the note's detail go
 * straight to the district (they need it to be reachable, and say so when it is not).
 */
export class ColleaguesService {
  constructor(private readonly d: ColleaguesDeps) {}

  /** The colleagues' adaptations of a page, for its annotator and the panel. */
  async forPage(pageUrl: string): Promise<ColleagueAdaptation[]> {
    const rows = await this.d.db.shared.where('pageUrl').equals(canonicalPageUrl(pageUrl)).toArray();
    return rows
      .map((r) => toColleague(r.adaptation))
      .sort((a, b) => (a.target.position?.start ?? 0) - (b.target.position?.start ?? 0));
  }

  /** The district hot spots of a page as last looked up (issue 20), only what the page draws. */
  async hotSpotsOf(pageUrl: string): Promise<HotSpotView[]> {
    const row = await this.d.db.hotSpots.get(canonicalPageUrl(pageUrl));
    return (row?.spots ?? []).map((h) => ({
      id: h.id,
      ...(h.start !== null && h.end !== null ? { start: h.start, end: h.end } : {}),
      quote: h.quote,
      teachers: h.teachers,
      schools: h.schools,
      kinds: h.kinds.slice(0, 3).map((k) => k.id),
      mine: h.mine,
    }));
  }

  /** How many colleagues' adaptations a page has here (the loader's question). */
  count(pageUrl: string): Promise<number> {
    return this.d.db.shared.where('pageUrl').equals(pageUrl).count();
  }

  /**
   * Looks the page up at the district (unless it was looked up lately, or this browser is not
   * connected) and stores what came back; true when the page's colleagues' adaptations changed.
   */
  async refreshPage(pageUrl: string, force = false): Promise<boolean> {
    const url = canonicalPageUrl(pageUrl);
    const { db } = this.d;
    if (!(await this.d.connection.current())) return false;
    const last = await db.pageLookups.get(url);
    if (!force && last && this.d.now().getTime() - last.checkedAt < PAGE_LOOKUP_TTL_MS) return false;
    let found: SharedAdaptation[];
    // The page's district hot spots come with the page lookup: one request per page, never per passage.
    const hotSpots = this.d.connection
      .withToken((c, token) =>
        this.d.api.call(c.toolUrl, insightApi.pageHotSpots, { token, query: { url }, timeoutMs: 15_000 }),
      )
      .then(
        (r) => r.hotSpots,
        () => null, // Unreachable (or a tool without hot spots): the last ones stay.
      );
    try {
      found = (
        await this.d.connection.withToken((c, token) =>
          this.d.api.call(c.toolUrl, api.pageAdaptations, { token, query: { url }, timeoutMs: 15_000 }),
        )
      ).adaptations;
    } catch {
      return false; // Offline or unreachable: what the last pull stored is shown meanwhile.
    }
    const spots = await hotSpots;
    const changed = await db.transaction('rw', [db.shared, db.adaptations, db.pageLookups, db.hotSpots], async () => {
      const spotsBefore = JSON.stringify((await db.hotSpots.get(url))?.spots ?? []);
      if (spots) await db.hotSpots.put({ pageUrl: url, spots });
      const before = await db.shared.where('pageUrl').equals(url).toArray();
      const theirs = found.filter((a) => !a.mine);
      const fresh: SharedRow[] = theirs.map((a) => ({ id: a.id, pageUrl: a.page.url, adaptation: a }));
      const keep = new Set(fresh.map((r) => r.id));
      const gone = before.filter((r) => !keep.has(r.id)).map((r) => r.id);
      if (gone.length) await db.shared.bulkDelete(gone);
      if (fresh.length) await db.shared.bulkPut(fresh);
      // What colleagues said about my own adaptations on this page.
      for (const a of found.filter((x) => x.mine)) {
        const mine = await db.adaptations.get(a.id);
        if (mine) await db.adaptations.put({ ...mine, social: socialOf(a) });
      }
      await db.pageLookups.put({ pageUrl: url, checkedAt: this.d.now().getTime() });
      return (
        fingerprint(before.map((r) => r.adaptation)) !== fingerprint(theirs) ||
        found.some((a) => a.mine) ||
        (spots !== null && JSON.stringify(spots) !== spotsBefore)
      );
    });
    if (changed) this.d.changed(url);
    return changed;
  }

  /** The page of a colleague's adaptation, or not_found (a page may only act on its own colleagues' adaptations). */
  async pageOf(id: string): Promise<string> {
    const row = await this.d.db.shared.get(id);
    if (!row) throw new AppError('not_found', 'That adaptation is no longer shared with you.');
    return row.pageUrl;
  }

  /** Who tried it and how, and the feedback it received (names as the district allows). */
  async detail(id: string): Promise<ColleagueDetail> {
    const d = await this.d.connection.withToken((c, token) =>
      this.d.api.call(c.toolUrl, api.adaptationDetail, { token, params: { id }, timeoutMs: 15_000 }),
    );
    const name = (p: { id: string; name?: string | undefined }) => p.name ?? null;
    return {
      endorsements: d.endorsements.map((e) => ({
        outcome: e.outcome,
        note: e.note,
        by: name(e.endorser),
        at: e.updatedAt,
      })),
      feedback: d.feedback.map((f) => ({
        type: f.type,
        text: f.text,
        ...(f.textRemoved ? { removed: true } : {}),
        by: name(f.author),
        at: f.createdAt,
      })),
    };
  }

  /** "I tried this" (one per teacher; saying it again updates it). */
  async endorse(id: string, input: EndorsementInput, shareAnyway = false): Promise<ColleagueAdaptation> {
    if (!shareAnyway && input.note) await checkPrivacyOf('note', input.note, this.d.privacy);
    const pageUrl = await this.pageOf(id);
    await this.d.connection.withToken((c, token) =>
      this.d.api.call(c.toolUrl, api.endorse, { token, params: { id }, body: input, timeoutMs: 15_000 }),
    );
    return this.afterSocial(id, pageUrl);
  }

  /** Structured feedback (what worked, a question, a suggestion); a retry after a lost answer counts once. */
  async feedback(id: string, input: FeedbackInput, shareAnyway = false): Promise<ColleagueAdaptation> {
    if (!shareAnyway) await checkPrivacyOf('text', input.text, this.d.privacy);
    const pageUrl = await this.pageOf(id);
    const key = this.d.newId();
    const send = () =>
      this.d.connection.withToken((c, token) =>
        this.d.api.call(c.toolUrl, api.feedbackCreate, {
          token,
          params: { id },
          body: input,
          headers: { 'idempotency-key': key },
          timeoutMs: 15_000,
        }),
      );
    try {
      await send();
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'unavailable' && error.code !== 'internal')) throw error;
      await send(); // Same key: counted once even if the first one arrived.
    }
    return this.afterSocial(id, pageUrl);
  }

  /** Looks the page up again so counts and my endorsement are the district's. */
  private async afterSocial(id: string, pageUrl: string): Promise<ColleagueAdaptation> {
    await this.refreshPage(pageUrl, true);
    const row = await this.d.db.shared.get(id);
    if (!row) throw new AppError('not_found', 'That adaptation is no longer shared with you.');
    return toColleague(row.adaptation);
  }
}

/** Only what the page draws of a colleague's adaptation (no ids of people, no page title). */
export function toColleague(a: SharedAdaptation): ColleagueAdaptation {
  // The district names people of another district 'network' (never by name).
  const otherDistrict = a.author.id === 'network';
  const original = a.provenance?.originalAuthor;
  return {
    id: a.id,
    target: a.target,
    kinds: a.kinds,
    body: a.body,
    rationale: a.rationale,
    audience: a.audience,
    ...(a.evidence ? { evidence: a.evidence } : {}),
    visibility: a.visibility,
    authorName: a.authorVisible ? (a.author.name ?? null) : null,
    otherDistrict,
    ...(a.provenance ? { remixOf: remixOfView(original) } : {}),
    myEndorsement: a.myEndorsement ? { outcome: a.myEndorsement.outcome, note: a.myEndorsement.note } : null,
    updatedAt: a.updatedAt,
    ...socialOf(a),
  };
}

function fingerprint(list: readonly SharedAdaptation[]): string {
  return list
    .map((a) => `${a.id}:${a.updatedAt}:${a.endorsementCount}:${a.feedbackCount}:${a.myEndorsement?.updatedAt ?? ''}`)
    .sort()
    .join('|');
}
