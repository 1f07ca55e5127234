import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { PlatformRegistry } from './platform-registry.js';

/**
 * Assignment and Grade Services 2.0 from the tool's side: an OAuth2 access token by the
 * client_credentials grant with a JWT client assertion signed with the tool's key for that platform
 * (LTI Security Framework 4.1, RFC 7523), then line items (AGS 2.0 3.2) and scores (3.4). Replaces
 * ltijs' Grade service, which has no request timeout and makes its assertion id with Math.random.
 */

/** AGS 2.0 scopes. */
export const AGS_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';
/** Tokens are renewed this long before the platform says they expire. */
const TOKEN_MARGIN_MS = 60_000;
/** What Margins reads of the platform's token answer (RFC 6749 §5.1); other fields are ignored. */
const TokenAnswer = z.looseObject({ access_token: z.string().min(1), expires_in: z.unknown() });
/** What Margins reads of a line item (LTI AGS 2.0 §3.2): its URL and the resource it belongs to. */
const LineItemRef = z.looseObject({ id: z.string(), resourceId: z.unknown() });

/** Which platform registration a call is for. */
export interface AgsPlatform {
  issuer: string;
  clientId: string;
}

/** A line item to find (by resourceId) or create. */
export interface LineItemSpec {
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
}

/** A score for one user (AGS 2.0 3.4.1); `userId` is the LMS user id (`sub`). */
export interface AgsScore {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  timestamp: string;
}

/**
 * A grade service call the platform refused or that could not be made; `message` is safe to show.
 * `courseWide` says every other call for the course would fail the same way (no token, no column).
 */
export class AgsError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly courseWide = false,
  ) {
    super(message);
    this.name = 'AgsError';
  }
}

/** Talks to platforms' grade services on behalf of the tool. */
export class AgsClient {
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly deps: { registry: PlatformRegistry; fetch?: typeof fetch; timeoutMs?: number }) {
    this.fetch = deps.fetch ?? fetch;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
  }

  /** An access token for `scopes`, from memory while valid, else from the platform's token endpoint. */
  async accessToken(p: AgsPlatform, scopes: string[]): Promise<string> {
    const key = `${p.issuer}\n${p.clientId}\n${[...scopes].sort().join(' ')}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expires > Date.now()) return cached.token;
    const platform = await this.deps.registry.platform(p.issuer, p.clientId);
    const signing = platform ? await this.deps.registry.signingKey(p.issuer, p.clientId) : null;
    if (!platform || !signing)
      throw new AgsError('This learning platform is no longer registered with Margins.', null, true);
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
      .setIssuer(p.clientId)
      .setSubject(p.clientId)
      .setAudience(platform.tokenEndpoint)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(signing.key);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    });
    const answer = TokenAnswer.safeParse(
      await this.request(
        platform.tokenEndpoint,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
        },
        'get permission to post grades',
        true,
      ),
    );
    if (!answer.success)
      throw new AgsError(
        'The learning platform did not give Margins permission to post grades (no access token).',
        null,
        true,
      );
    const token = answer.data.access_token;
    const expiresIn = typeof answer.data.expires_in === 'number' ? answer.data.expires_in : 300;
    this.tokens.set(key, { token, expires: Date.now() + expiresIn * 1000 - TOKEN_MARGIN_MS });
    return token;
  }

  /** The URL of the course's line item with `spec.resourceId`, created when there is none yet. */
  async findOrCreateLineItem(
    p: AgsPlatform,
    lineItemsUrl: string,
    spec: LineItemSpec,
    scopes: string[],
  ): Promise<string> {
    const canCreate = scopes.includes(AGS_SCOPES.lineItem);
    const token = await this.accessToken(p, [canCreate ? AGS_SCOPES.lineItem : AGS_SCOPES.lineItemReadOnly]);
    const query = new URL(lineItemsUrl);
    query.searchParams.set('resource_id', spec.resourceId);
    const found: unknown = await this.request(
      query.toString(),
      { headers: { authorization: `Bearer ${token}`, accept: LINE_ITEMS } },
      'read the course gradebook',
      true,
    );
    const existing = (Array.isArray(found) ? found : [])
      .map((li) => LineItemRef.safeParse(li).data)
      .find((li) => li?.resourceId === spec.resourceId);
    if (existing) return existing.id;
    if (!canCreate)
      throw new AgsError(
        'The learning platform lets Margins read the gradebook but not add a column to it.',
        null,
        true,
      );
    const created = LineItemRef.safeParse(
      await this.request(
        lineItemsUrl,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': LINE_ITEM, accept: LINE_ITEM },
          body: JSON.stringify(spec),
        },
        'add the gradebook column',
        true,
      ),
    );
    if (!created.success)
      throw new AgsError('The learning platform created the gradebook column but did not say where it is.', null, true);
    return created.data.id;
  }

  /** Posts one score to a line item (its scores endpoint is the line item URL with /scores appended to the path). */
  async postScore(p: AgsPlatform, lineItemUrl: string, score: AgsScore): Promise<void> {
    const token = await this.accessToken(p, [AGS_SCOPES.score]);
    const url = new URL(lineItemUrl);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
    try {
      await this.request(
        url.toString(),
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': SCORE },
          body: JSON.stringify(score),
        },
        'post the score',
      );
    } catch (e) {
      // Unauthorised, forbidden or no such column: the same for every participant of the course.
      if (
        e instanceof AgsError &&
        !e.courseWide &&
        (e.status === null || e.status === 401 || e.status === 403 || e.status === 404)
      )
        throw new AgsError(e.message, e.status, true);
      throw e;
    }
  }

  /** Forgets cached tokens (a platform re-registered, tests). */
  clear(): void {
    this.tokens.clear();
  }

  private async request(url: string, init: RequestInit, doing: string, courseWide = false): Promise<unknown> {
    if (!/^https?:\/\//.test(url))
      throw new AgsError(`The learning platform gave an address Margins cannot use to ${doing}.`, null, true);
    let res: Response;
    try {
      res = await this.fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw new AgsError(
        `Margins could not reach the learning platform to ${doing}. It will try again.`,
        null,
        courseWide,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = '';
      try {
        const e = JSON.parse(text) as { error_description?: unknown; error?: unknown };
        const said = e.error_description ?? e.error;
        detail = typeof said === 'string' ? said.slice(0, 200) : '';
      } catch {
        // not JSON: the status says enough
      }
      throw new AgsError(
        `The learning platform refused to ${doing} (HTTP ${res.status}${detail ? `: ${detail}` : ''}).`,
        res.status,
        courseWide,
      );
    }
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new AgsError(
        `The learning platform answered in a way Margins does not understand when trying to ${doing}.`,
        res.status,
        courseWide,
      );
    }
  }
}
