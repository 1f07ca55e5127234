import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { AppError } from '@margins/shared';
import type { Config } from './config.js';
import { AdaptationsRepo } from './data/adaptations-repo.js';
import { CollectionsRepo } from './data/collections-repo.js';
import { CurationRepo } from './data/curation-repo.js';
import { DeepLinkRepo } from './data/deep-link-repo.js';
import { MentoringActivitiesRepo } from './data/mentoring-activities-repo.js';
import { MentoringRepo } from './data/mentoring-repo.js';
import { ParticipationRepo } from './data/participation-repo.js';
import { openChangeBus, type ChangeBus } from './data/change-bus.js';
import { openDb, type Db } from './data/db.js';
import { DbLocks } from './data/db-locks.js';
import { InstallCodesRepo } from './data/install-codes-repo.js';
import { LedgerRepo } from './data/ledger-repo.js';
import { LaunchRepo } from './data/launch-repo.js';
import { migrate } from './data/migrations.js';
import { PlatformsRepo } from './data/platforms-repo.js';
import { TenancyRepo } from './data/tenancy-repo.js';
import type { Logger } from './http/logger.js';
import { extensionCors } from './http/extension-http.js';
import { errorHandler, requestLog, securityHeaders } from './http/middleware.js';
import { RateLimits } from './http/rate-limits.js';
import { OutboundHttp } from './http/outbound.js';
import { AgsClient } from './lti/ags-client.js';
import { RosterService } from './lti/roster-service.js';
import { RosterNamesRepo } from './data/roster-names-repo.js';
import { PrivacyGuard } from './services/privacy-guard.js';
import { AccountDeletionRepo } from './data/account-deletion-repo.js';
import { AccountDeletionService } from './services/account-deletion-service.js';
import { RetentionRepo } from './data/retention-repo.js';
import { RetentionService } from './services/retention-service.js';
import { DeepLinkingResponder } from './lti/deep-linking.js';
import { JwksCache } from './lti/jwks-cache.js';
import { LaunchService } from './lti/launch.js';
import { LTI_PATHS } from './lti/lti-router.js';
import type { ToolUrls } from './lti/lms/index.js';
import { PlatformRegistry } from './lti/platform-registry.js';
import { SessionAuth } from './lti/session.js';
import { ToolKeys } from './lti/tool-keys.js';
import { SessionTokens } from './lti/session-token.js';
import { toolRoutes } from './app-routes.js';
import { DevicesRepo } from './data/devices-repo.js';
import { SocialRepo } from './data/social-repo.js';
import { SyncRepo } from './data/sync-repo.js';
import { mountRoutes, type RouteDef } from './routes/table.js';
import { ExtensionTokens } from './services/extension-tokens.js';
import { PairingService } from './services/pairing-service.js';
import { SharedView } from './services/shared-view.js';
import { deriveKey } from './services/signed-token.js';
import { SharingService } from './services/sharing-service.js';
import { SyncService, type SyncHooks } from './services/sync-service.js';
import { QuotaService } from './services/quota-service.js';
import { UsageRepo } from './data/usage-repo.js';
import { RecognitionRepo } from './data/recognition-repo.js';
import { BadgeIssuer } from './services/badge-issuer.js';
import { RecognitionService } from './services/recognition-service.js';
import { UiShell } from './routes/ui-router.js';
import { AdminService } from './services/admin-service.js';
import { CollectionService } from './services/collection-service.js';
import { DeepLinkingService } from './services/deep-linking-service.js';
import { InstallService } from './services/install-service.js';
import { LibraryService } from './services/library-service.js';
import { ParticipationService } from './services/participation-service.js';
import { PlatformService } from './services/platform-service.js';
import { CurrentRoles } from './services/current-roles.js';
import { RequestAuth } from './services/request-auth.js';

/** The tool's version, reported by /health. */
export const TOOL_VERSION = '0.1.0';

const here = dirname(fileURLToPath(import.meta.url));
/** Where vite puts the LMS UI bundle. */
export const UI_DIST = join(here, '..', 'dist', 'ui');
/** How often the participation grade job looks for new contributions in the ledger. */
const PARTICIPATION_PASS_MS = 30_000;
/** How often the retention pass (change-feed compaction, districts' detail retention) runs. */
const RETENTION_PASS_MS = 3_600_000;

/** What the composition root needs from outside. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Tests only: a stand-in for the network for platform requests (see OutboundHttp). */
  fetch?: typeof fetch;
  /** Fault-injection points for the sync fault tests (never set in production). */
  syncHooks?: SyncHooks;
  /** The clock of pairing codes (tests); defaults to Date.now. */
  now?: () => number;
}

/** Services others (CLI, tests, demo) call directly. */
export interface ToolServices {
  db: Db;
  /** Cache invalidation shared by the tool processes on one database. */
  bus: ChangeBus;
  tenancy: TenancyRepo;
  adaptations: AdaptationsRepo;
  /** The append-only contribution ledger that recognition and metrics read. */
  ledger: LedgerRepo;
  launches: LaunchRepo;
  /** Pairing codes, paired browsers and their tokens (issue 6). */
  pairing: PairingService;
  /** Extension sync: push and pull (issue 6). */
  sync: SyncService;
  /** Page lookup, endorse, feedback, remix, sharing settings (issue 6). */
  sharing: SharingService;
  install: InstallService;
  platforms: PlatformService;
  jwks: JwksCache;
  urls: ToolUrls;
  /** Coach-curated collections and focus areas. */
  collections: CollectionsRepo;
  /** Mentoring pairs. */
  mentoring: MentoringRepo;
  /** What mentoring pairs did together, logged and confirmed. */
  mentoringActivities: MentoringActivitiesRepo;
  /** The course participation grade (AGS); `runOnce()` posts changed scores now. */
  participation: ParticipationService;
  /** Assignment and Grade Services client (tool side). */
  ags: AgsClient;
  /** Course rosters from the platform (NRPS). */
  roster: RosterService;
  /** The roster-aware privacy guard of shared and signed texts (issue 16). */
  privacy: PrivacyGuard;
  /** Recognition rules, issuing, awards, revocation (issue 7). */
  recognition: RecognitionService;
  /** The districts as Open Badges issuers: keys, status lists, verification. */
  badges: BadgeIssuer;
  /** Deleting an account from a district (issue 16): the person, their admin, the command line. */
  deletion: AccountDeletionService;
  /** Change-feed compaction and districts' detail retention (issue 16). */
  retention: RetentionService;
}

/** A composed tool: the express app, its services and how to stop it. */
export interface Tool {
  app: Express;
  services: ToolServices;
  /** The route table the app was mounted from (every endpoint with its guard and roles). */
  routes: readonly RouteDef[];
  close(): Promise<void>;
}

/**
 * The one composition file: opens the database (and migrates it, importing an older version's ltijs
 * registry), builds repositories, services and routers, and wires them into one express 5 app.
 */
export async function createApp(deps: AppDeps): Promise<Tool> {
  const { config, logger } = deps;
  const db = openDb(config.database);
  const tenancy = new TenancyRepo(db);
  const platformsRepo = new PlatformsRepo(db);
  const toolKeys = new ToolKeys({ repo: platformsRepo, kek: ToolKeys.kekFromSecret(config.secret) });
  try {
    await migrate(db, {
      secrets: {
        // The key earlier versions gave ltijs, to open the tool keys it stored (migration 054).
        ltijsKey: deriveKey(config.secret, 'ltijs').toString('hex'),
        sealToolKey: (tenantId, kid, pem) => toolKeys.seal(tenantId, kid, pem),
      },
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  // Listening before any request is served, so no invalidation from another process is missed.
  let bus: ChangeBus;
  try {
    bus = await openChangeBus(config.database, logger);
  } catch (e) {
    await db.close();
    throw e;
  }
  const registry = new PlatformRegistry({ tenancy, platforms: platformsRepo, keys: toolKeys, bus });
  const locks = new DbLocks(config.database);

  const base = config.publicUrl;
  const urls: ToolUrls = {
    base,
    login: new URL(base + LTI_PATHS.login).toString(),
    launch: new URL(base + LTI_PATHS.launch).toString(),
    keys: new URL(base + LTI_PATHS.keys).toString(),
    icon: new URL(base + LTI_PATHS.icon).toString(),
  };
  const description = 'Peer-shared instructional adaptations: a practice library for teachers and coaches.';

  const launches = new LaunchRepo(db);
  const adaptations = new AdaptationsRepo(db);
  const ledger = new LedgerRepo(db);
  const install = new InstallService(new InstallCodesRepo(db));
  const tokens = new SessionTokens(config.secret, config.sessionMaxAgeSeconds);
  // Every outbound request (registration, key sets, grades) passes the address policy, pinned to the checked address.
  const outbound = new OutboundHttp({ policy: config.registrationUrls, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const jwks = new JwksCache({
    ttlMs: config.jwksCacheSeconds * 1000,
    timeoutMs: config.jwksTimeoutMs,
    http: outbound,
  });
  const platforms = new PlatformService(registry, tenancy, platformsRepo);
  const session = new SessionAuth({ tokens, launches });
  bus.on('account', (userId) => session.forgetUser(userId));
  const ui = new UiShell(UI_DIST, base, config.sync.extensionIds);
  const syncRepo = new SyncRepo(db);
  const view = new SharedView(adaptations, syncRepo);
  const pairing = new PairingService({
    db,
    bus,
    devices: new DevicesRepo(db),
    tokens: new ExtensionTokens(config.secret, config.sync.accessTokenSeconds),
    toolUrl: base,
    extensionIds: config.sync.extensionIds,
    codeSeconds: config.sync.pairingCodeSeconds,
    refreshDays: config.sync.refreshTokenDays,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const sync = new SyncService({
    db,
    repo: syncRepo,
    ledger,
    view,
    quota: new QuotaService({ usage: new UsageRepo(db), limits: config.quotas }),
    ...(deps.syncHooks ? { hooks: deps.syncHooks } : {}),
  });
  const sharing = new SharingService({ db, repo: syncRepo, social: new SocialRepo(), ledger, view });
  const library = new LibraryService(adaptations, view);
  const collectionsRepo = new CollectionsRepo(db, ledger);
  const curation = new CurationRepo(db);
  const mentoringRepo = new MentoringRepo(db);
  const mentoringActivities = new MentoringActivitiesRepo(db, ledger);
  const participationRepo = new ParticipationRepo(db);
  const ags = new AgsClient({ registry, http: outbound, logger });
  const roster = new RosterService({ ags, registry, http: outbound, logger });
  const participation = new ParticipationService({ repo: participationRepo, ags, roster, logger, locks });
  const retention = new RetentionService({
    repo: new RetentionRepo(db),
    locks,
    logger,
    feedDays: config.sync.feedRetentionDays,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const privacy = new PrivacyGuard({ repo: new RosterNamesRepo(db), roster, secret: config.secret, logger });
  const collections = new CollectionService({ collections: collectionsRepo, curation, adaptations, library });
  const recognitionRepo = new RecognitionRepo(db);
  const badges = new BadgeIssuer({ repo: recognitionRepo, tenancy, kek: config.badges.kek, baseUrl: base });
  const recognition = new RecognitionService({
    db,
    locks,
    repo: recognitionRepo,
    ledger,
    tenancy,
    issuer: badges,
    logger,
    privacy,
    bus,
  });
  // Recognition follows the ledger without slowing the request that appended: a debounced pass per district.
  ledger.onAppend((tenantId) => recognition.schedule(tenantId));
  const deepLinking = new DeepLinkingService({
    responder: new DeepLinkingResponder(registry),
    repo: new DeepLinkRepo(db),
    library,
    collections,
    participation: participationRepo,
    launchUrl: urls.launch,
  });

  // One rate limiter for the app: shared by every process on PostgreSQL, in memory on SQLite.
  const limits = new RateLimits(db);
  const launch = new LaunchService({
    registry,
    jwks,
    tenancy,
    launches,
    tokens,
    clockSkewSeconds: config.clockSkewSeconds,
    sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
    toolOrigin: new URL(base).origin,
    afterLaunch: async (ctx) => {
      await participation.noteLaunch(ctx);
      privacy.noteLaunch(ctx);
    },
    logger,
  });
  bus.on('tenancy', () => {
    launch.forgetTenants();
    jwks.clear();
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are no-store; hashing every body for an ETag is wasted work
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger), securityHeaders());

  const deletion = new AccountDeletionService({
    repo: new AccountDeletionRepo(db),
    tenancy,
    bus,
    statusList: (tenantId) => badges.statusListCredential(tenantId),
    logger,
  });
  const admin = new AdminService(tenancy, { install, registerUrl: new URL(base + LTI_PATHS.register).toString() });
  const services: ToolServices = {
    db,
    bus,
    tenancy,
    adaptations,
    ledger,
    launches,
    pairing,
    sync,
    sharing,
    install,
    platforms,
    jwks,
    urls,
    collections: collectionsRepo,
    mentoring: mentoringRepo,
    mentoringActivities,
    participation,
    ags,
    roster,
    privacy,
    recognition,
    badges,
    deletion,
    retention,
  };
  // The route table (app-routes.ts): every endpoint with its guard and roles.
  const routes = toolRoutes({
    ...services,
    config,
    logger,
    description,
    version: TOOL_VERSION,
    limits,
    outbound,
    registry,
    toolKeys,
    syncRepo,
    curation,
    recognitionRepo,
    launch,
    ui,
    admin,
    library,
    collectionService: collections,
    deepLinking,
  });
  const addressLimit = limits.limit('address', config.rateLimitPerMinute).perAddress();
  mountRoutes(app, routes, {
    auth: new RequestAuth({
      session,
      roles: new CurrentRoles(tenancy),
      pairing,
      perDevice: limits.limit('device', config.sync.extensionRateLimitPerMinute),
    }),
    addressLimit,
    extensionCors: extensionCors({
      extensionIds: config.sync.extensionIds,
      allowFirefox: config.sync.allowFirefoxExtensions,
      ownOrigin: new URL(base).origin,
    }),
  });
  app.use(addressLimit);
  app.use((_req, _res, next) => next(new AppError('not_found', 'There is nothing at this address.')));
  app.use(errorHandler(logger));

  // Expired login states and launch sessions are purged hourly; unref so it never holds the process open.
  const purge = setInterval(() => {
    const failed = (e: unknown) => logger.warn('purge failed', { error: String(e) });
    void launches.purgeExpired().catch(failed);
    void pairing.purgeExpired().catch(failed);
    // A push retried more than 30 days later is a new change (the outbox would long have drained).
    void syncRepo.purgeIdempotency(new Date(Date.now() - 30 * 86_400_000).toISOString()).catch(failed);
  }, 3_600_000);
  purge.unref();
  participation.start(PARTICIPATION_PASS_MS);
  retention.start(RETENTION_PASS_MS);

  let closed = false;
  return {
    app,
    routes,
    services,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(purge);
      await participation.stop();
      await retention.stop();
      await recognition.stop();
      await bus.close();
      await locks.close();
      await db.close();
    },
  };
}
