import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { forLog, OutboundError, type OutboundHttp } from '../http/outbound.js';
import type { Logger } from '../http/logger.js';
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
/** Largest answer read from a grade service (a page of line items is far smaller). */
const MAX_ANSWER_BYTES = 512 * 1024;
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
    /** What the platform itself said when it refused (its error text, trimmed), for logs and the coach. */
    readonly platformText: string | null = null,
  ) {
    super(message);
    this.name = 'AgsError';
  }
}

/**
 * The reason a platform gave in an error body, whatever its shape: OAuth's `error_description`/`error`,
 * Canvas's `{errors: {type, message}}` or `{errors: [{message}]}`, any `message`, else the text itself
 * (Moodle answers a refused score with plain text such as "Incorrect score received"). Markup is
 * dropped and the text shortened. It is logged and recorded for the district, never put into a message
 * people see (the coach gets plain advice instead: participation-service.ts).
 */
export function platformReason(body: string): string | null {
  let said: unknown;
  try {
    const e = JSON.parse(body) as Record<string, unknown>;
    const errors = e.errors as Record<string, unknown> | Record<string, unknown>[] | undefined;
    const first = Array.isArray(errors) ? errors[0] : errors;
    said = e.error_description ?? first?.message ?? e.message ?? e.error ?? first?.type ?? null;
  } catch {
    said = body;
  }
  if (typeof said !== 'string') return null;
  const text = said
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(0, 300) : null;
}

/**
 * Talks to platforms' grade services on behalf of the tool. Line item URLs come from launch claims, so
 * every request must be on the platform's registered origins (its issuer, endpoints and any origins the
 * district admin added) and pass the address policy (OutboundHttp): a launch cannot steer the tool, or
 * the platform's bearer token, anywhere else. What a platform answers on refusal is logged (truncated),
 * never put into a message people see.
 */
export class AgsClient {
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private readonly timeoutMs: number;

  constructor(
    private readonly deps: { registry: PlatformRegistry; http: OutboundHttp; logger?: Logger; timeoutMs?: number },
  ) {
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
        p,
        platform.tokenEndpoint,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: body.toString(),
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
    if (!URL.canParse(lineItemsUrl))
      throw new AgsError(
        'The learning platform gave an address Margins cannot use to read the course gradebook.',
        null,
        true,
      );
    const query = new URL(lineItemsUrl);
    query.searchParams.set('resource_id', spec.resourceId);
    const found: unknown = await this.request(
      p,
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
        p,
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
    if (!URL.canParse(lineItemUrl))
      throw new AgsError('The learning platform gave an address Margins cannot use to post the score.', null, true);
    const url = new URL(lineItemUrl);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
    try {
      await this.request(
        p,
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
        throw new AgsError(e.message, e.status, true, e.platformText);
      throw e;
    }
  }

  /** Forgets cached tokens (a platform re-registered, tests). */
  clear(): void {
    this.tokens.clear();
  }

  private async request(
    p: AgsPlatform,
    url: string,
    init: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
    doing: string,
    courseWide = false,
  ): Promise<unknown> {
    const platform = await this.deps.registry.platform(p.issuer, p.clientId);
    if (!platform) throw new AgsError('This learning platform is no longer registered with Margins.', null, true);
    let res;
    try {
      res = await this.deps.http.request(url, 'The grade service address', {
        ...init,
        allowedOrigins: platform.origins,
        timeoutMs: this.timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
      });
    } catch (e) {
      if (e instanceof OutboundError && (e.kind === 'origin' || e.kind === 'address')) {
        this.deps.logger?.warn('grade service: refused a platform address', {
          issuer: p.issuer,
          clientId: p.clientId,
          url: safeForLog(url),
          reason: e.message,
        });
        throw new AgsError(
          e.kind === 'origin'
            ? `The learning platform gave an address Margins does not contact to ${doing} (it is not on the platform's registered address). Ask your district admin.`
            : `The learning platform gave an address Margins does not contact to ${doing} (an internal network address, or not https). Ask your district admin.`,
          null,
          true,
        );
      }
      throw new AgsError(
        `Margins could not reach the learning platform to ${doing}. It will try again.`,
        null,
        courseWide,
      );
    }
    if (!res.ok) {
      const detail = platformReason(res.text);
      this.deps.logger?.warn('grade service: the platform refused a request', {
        issuer: p.issuer,
        clientId: p.clientId,
        url: safeForLog(url),
        status: res.status,
        body: forLog(res.text),
      });
      throw new AgsError(
        `The learning platform refused to ${doing} (HTTP ${res.status}).`,
        res.status,
        courseWide,
        detail,
      );
    }
    if (!res.text) return null;
    try {
      return JSON.parse(res.text);
    } catch {
      throw new AgsError(
        `The learning platform answered in a way Margins does not understand when trying to ${doing}.`,
        res.status,
        courseWide,
      );
    }
  }
}

/** A URL for a log line: origin and path, no query (which may carry identifiers). */
function safeForLog(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return '(not a URL)';
  }
}
