import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { AppError } from '@margins/shared';
import type { Config } from './config.js';
import { AdaptationsRepo } from './data/adaptations-repo.js';
import { CollectionsRepo } from './data/collections-repo.js';
import { CurationRepo } from './data/curation-repo.js';
import { DeepLinkRepo } from './data/deep-link-repo.js';
import { MentoringRepo } from './data/mentoring-repo.js';
import { ParticipationRepo } from './data/participation-repo.js';
import { openDb, type Db } from './data/db.js';
import { InstallCodesRepo } from './data/install-codes-repo.js';
import { LedgerRepo } from './data/ledger-repo.js';
import { LaunchRepo } from './data/launch-repo.js';
import { migrate } from './data/migrations.js';
import { PlatformsRepo } from './data/platforms-repo.js';
import { TenancyRepo } from './data/tenancy-repo.js';
import type { Logger } from './http/logger.js';
import { errorHandler, rateLimit, requestLog, securityHeaders } from './http/middleware.js';
import { AgsClient } from './lti/ags-client.js';
import { DeepLinkingResponder } from './lti/deep-linking.js';
import { JwksCache } from './lti/jwks-cache.js';
import { LaunchService } from './lti/launch.js';
import { LTI_PATHS, ltiRouter } from './lti/lti-router.js';
import type { ToolUrls } from './lti/lms/index.js';
import { LoginService } from './lti/login.js';
import { PlatformRegistry } from './lti/platform-registry.js';
import { RegistrationService } from './lti/registration.js';
import { SessionAuth } from './lti/session.js';
import { ToolKeys } from './lti/tool-keys.js';
import { deriveKey, SessionTokens } from './lti/session-token.js';
import { apiRouter } from './routes/api-router.js';
import { DevicesRepo } from './data/devices-repo.js';
import { SocialRepo } from './data/social-repo.js';
import { SyncRepo } from './data/sync-repo.js';
import { extensionRouter } from './routes/extension-router.js';
import { pairingRouter } from './routes/pairing-router.js';
import { ExtensionTokens } from './services/extension-tokens.js';
import { PairingService } from './services/pairing-service.js';
import { SharedView } from './services/shared-view.js';
import { SharingService } from './services/sharing-service.js';
import { SyncService, type SyncHooks } from './services/sync-service.js';
import { coachRouter } from './routes/coach-router.js';
import { RecognitionRepo } from './data/recognition-repo.js';
import { badgesRouter, recognitionRouter } from './routes/recognition-router.js';
import { BadgeIssuer } from './services/badge-issuer.js';
import { RecognitionService } from './services/recognition-service.js';
import { metricsRouter } from './routes/metrics-router.js';
import { MetricsRepo } from './data/metrics-repo.js';
import { MetricsService } from './services/metrics-service.js';
import { healthRouter } from './routes/health-router.js';
import { UiShell } from './routes/ui-router.js';
import { AdminService } from './services/admin-service.js';
import { CollectionService } from './services/collection-service.js';
import { DeepLinkingService } from './services/deep-linking-service.js';
import { FocusAreaService } from './services/focus-area-service.js';
import { InstallService } from './services/install-service.js';
import { LibraryService } from './services/library-service.js';
import { MentoringService } from './services/mentoring-service.js';
import { ParticipationService } from './services/participation-service.js';
import { PlatformService } from './services/platform-service.js';
import { ReviewService } from './services/review-service.js';

/** The tool's version, reported by /health. */
export const TOOL_VERSION = '0.1.0';

const here = dirname(fileURLToPath(import.meta.url));
/** Where vite puts the LMS UI bundle. */
export const UI_DIST = join(here, '..', 'dist', 'ui');
/** How often the participation grade job looks for new contributions in the ledger. */
const PARTICIPATION_PASS_MS = 30_000;

/** What the composition root needs from outside. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Injected fetch for platform requests (tests); defaults to global fetch. */
  fetch?: typeof fetch;
  /** Fault-injection points for the sync fault tests (never set in production). */
  syncHooks?: SyncHooks;
}

/** Services others (CLI, tests, demo) call directly. */
export interface ToolServices {
  db: Db;
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
  /** The course participation grade (AGS); `runOnce()` posts changed scores now. */
  participation: ParticipationService;
  /** Assignment and Grade Services client (tool side). */
  ags: AgsClient;
  /** Recognition rules, issuing, awards, revocation (issue 7). */
  recognition: RecognitionService;
  /** The districts as Open Badges issuers: keys, status lists, verification. */
  badges: BadgeIssuer;
}

/** A composed tool: the express app, its services and how to stop it. */
export interface Tool {
  app: Express;
  services: ToolServices;
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
  const registry = new PlatformRegistry({ tenancy, platforms: platformsRepo, keys: toolKeys });

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
  const jwks = new JwksCache({
    ttlMs: config.jwksCacheSeconds * 1000,
    timeoutMs: config.jwksTimeoutMs,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const platforms = new PlatformService(registry, tenancy);
  const session = new SessionAuth({ tokens, launches });
  const ui = new UiShell(UI_DIST, base, config.sync.extensionIds);
  const syncRepo = new SyncRepo(db);
  const view = new SharedView(adaptations, syncRepo);
  const pairing = new PairingService({
    db,
    devices: new DevicesRepo(db),
    tokens: new ExtensionTokens(config.secret, config.sync.accessTokenSeconds),
    toolUrl: base,
    extensionIds: config.sync.extensionIds,
    codeSeconds: config.sync.pairingCodeSeconds,
    refreshDays: config.sync.refreshTokenDays,
  });
  const sync = new SyncService({
    db,
    repo: syncRepo,
    ledger,
    view,
    ...(deps.syncHooks ? { hooks: deps.syncHooks } : {}),
  });
  const sharing = new SharingService({ db, repo: syncRepo, social: new SocialRepo(), ledger, view });
  const library = new LibraryService(adaptations, view);
  const collectionsRepo = new CollectionsRepo(db, ledger);
  const curation = new CurationRepo(db);
  const mentoringRepo = new MentoringRepo(db, ledger);
  const participationRepo = new ParticipationRepo(db);
  const ags = new AgsClient({ registry, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const participation = new ParticipationService({ repo: participationRepo, ags, logger });
  const collections = new CollectionService({ collections: collectionsRepo, curation, adaptations, library });
  const recognitionRepo = new RecognitionRepo(db);
  const badges = new BadgeIssuer({ repo: recognitionRepo, tenancy, kek: config.badges.kek, baseUrl: base });
  const recognition = new RecognitionService({ db, repo: recognitionRepo, ledger, tenancy, issuer: badges, logger });
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

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are no-store; hashing every body for an ETag is wasted work
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger), securityHeaders());
  app.use(healthRouter(db, TOOL_VERSION));
  app.use(rateLimit(config.rateLimitPerMinute));
  app.use(ui.router());
  app.use(badgesRouter({ issuer: badges, repo: recognitionRepo, ui, verifyPerMinute: config.badges.verifyPerMinute }));
  app.use(
    ltiRouter({
      login: new LoginService({
        registry,
        tenancy,
        launches,
        launchUrl: urls.launch,
        stateMaxAgeSeconds: config.loginStateMaxAgeSeconds,
      }),
      launch: new LaunchService({
        registry,
        jwks,
        tenancy,
        launches,
        tokens,
        clockSkewSeconds: config.clockSkewSeconds,
        sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
        afterLaunch: (ctx) => participation.noteLaunch(ctx),
      }),
      registration: new RegistrationService({
        registry,
        tenancy,
        install,
        urls,
        toolName: config.toolName,
        description,
        policy: config.registrationUrls,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      }),
      keys: toolKeys,
      urls,
      toolName: config.toolName,
      description,
      secureCookies: base.startsWith('https://'),
      renderApp: (res, ctx, token) => ui.render(res, ctx, token),
    }),
  );
  app.use(
    extensionRouter({
      pairing,
      sync,
      sharing,
      library,
      session,
      cors: {
        extensionIds: config.sync.extensionIds,
        allowFirefox: config.sync.allowFirefoxExtensions,
        ownOrigin: new URL(base).origin,
      },
      perDevicePerMinute: config.sync.extensionRateLimitPerMinute,
      perAddressPerMinute: config.sync.pairingRateLimitPerMinute,
    }),
  );
  app.use(pairingRouter({ session, pairing, sharing }));
  app.use(
    apiRouter({
      session,
      library,
      admin: new AdminService(tenancy),
      deepLinking,
    }),
  );
  app.use(
    coachRouter({
      focusAreas: new FocusAreaService(collectionsRepo),
      collections,
      reviews: new ReviewService({ curation, adaptations, library }),
      mentoring: new MentoringService({ mentoring: mentoringRepo, library }),
      participation,
      deepLinking,
    }),
  );
  app.use(recognitionRouter({ recognition }));
  app.use(metricsRouter({ metrics: new MetricsService({ repo: new MetricsRepo(db) }) }));
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

  let closed = false;
  return {
    app,
    services: {
      db,
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
      participation,
      ags,
      recognition,
      badges,
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(purge);
      await participation.stop();
      await recognition.stop();
      await db.close();
    },
  };
}
