import type { ToolServices } from './app.js';
import type { Config } from './config.js';
import type { CurationRepo } from './data/curation-repo.js';
import { InsightRepo } from './data/insight-repo.js';
import { MetricsRepo } from './data/metrics-repo.js';
import { MyDataRepo } from './data/my-data-repo.js';
import type { RecognitionRepo } from './data/recognition-repo.js';
import type { SyncRepo } from './data/sync-repo.js';
import type { Logger } from './http/logger.js';
import type { OutboundHttp } from './http/outbound.js';
import type { RateLimits } from './http/rate-limits.js';
import type { LaunchService } from './lti/launch.js';
import { LoginService } from './lti/login.js';
import { ltiRoutes } from './lti/lti-router.js';
import type { PlatformRegistry } from './lti/platform-registry.js';
import { RegistrationService } from './lti/registration.js';
import type { ToolKeys } from './lti/tool-keys.js';
import { apiRoutes } from './routes/api-router.js';
import { coachRoutes } from './routes/coach-router.js';
import { extensionRoutes } from './routes/extension-router.js';
import { healthRoutes } from './routes/health-router.js';
import { insightRoutes } from './routes/insight-router.js';
import { metricsRoutes } from './routes/metrics-router.js';
import { myDataRoutes } from './routes/my-data-router.js';
import { pairingRoutes } from './routes/pairing-router.js';
import { practiceRoutes } from './routes/practice-router.js';
import { privacyRoutes } from './routes/privacy-router.js';
import { badgesRoutes, recognitionRoutes } from './routes/recognition-router.js';
import { retentionRoutes } from './routes/retention-router.js';
import type { RouteDef } from './routes/table.js';
import type { UiShell } from './routes/ui-router.js';
import type { AdminService } from './services/admin-service.js';
import type { CollectionService } from './services/collection-service.js';
import { CourseKindService } from './services/course-kind-service.js';
import type { DeepLinkingService } from './services/deep-linking-service.js';
import { FocusAreaService } from './services/focus-area-service.js';
import { HealthCheck } from './services/health-check.js';
import { HotSpotService } from './services/hot-spot-service.js';
import { InsightService } from './services/insight-service.js';
import type { LibraryService } from './services/library-service.js';
import { MentoringService } from './services/mentoring-service.js';
import { MetricsService } from './services/metrics-service.js';
import { MyDataService } from './services/my-data-service.js';
import { PracticeEditService } from './services/practice-edit-service.js';
import { ReviewService } from './services/review-service.js';

/** What the route table is built from: the tool's composed services (app.ts) and its settings. */
export interface ToolRouteParts extends ToolServices {
  config: Config;
  logger: Logger;
  /** The tool's one-line description, for registration and the platform's tool list. */
  description: string;
  version: string;
  limits: RateLimits;
  outbound: OutboundHttp;
  registry: PlatformRegistry;
  toolKeys: ToolKeys;
  syncRepo: SyncRepo;
  curation: CurationRepo;
  recognitionRepo: RecognitionRepo;
  launch: LaunchService;
  ui: UiShell;
  admin: AdminService;
  library: LibraryService;
  collectionService: CollectionService;
  deepLinking: DeepLinkingService;
}

/**
 * The tool's route table: every endpoint with its guard and roles (src/routes/table.ts applies them),
 * and the services only routes use, built here beside the routes that call them.
 */
export function toolRoutes(p: ToolRouteParts): RouteDef[] {
  const {
    config,
    logger,
    db,
    urls,
    description,
    limits,
    outbound,
    registry,
    toolKeys,
    tenancy,
    adaptations,
    ledger,
    launches,
    syncRepo,
    collections: collectionsRepo,
    curation,
    mentoring: mentoringRepo,
    mentoringActivities,
    recognitionRepo,
    launch,
    ui,
    install,
    admin,
    pairing,
    sync,
    sharing,
    library,
    collectionService: collections,
    deepLinking,
    participation,
    privacy,
    recognition,
    badges,
    deletion,
    retention,
  } = p;
  const insightRepo = new InsightRepo(db);
  return [
    ...healthRoutes({
      health: new HealthCheck(db),
      version: p.version,
      limit: limits.limit('health', config.healthPerMinute),
    }),
    ...ui.routes(),
    ...badgesRoutes({
      issuer: badges,
      repo: recognitionRepo,
      ui,
      verifyPerMinute: config.badges.verifyPerMinute,
      limits,
    }),
    ...ltiRoutes({
      login: new LoginService({
        registry,
        tenancy,
        launches,
        launchUrl: urls.launch,
        stateMaxAgeSeconds: config.loginStateMaxAgeSeconds,
      }),
      launch,
      registration: new RegistrationService({
        registry,
        tenancy,
        install,
        urls,
        toolName: config.toolName,
        description,
        http: outbound,
        logger,
      }),
      keys: toolKeys,
      urls,
      toolName: config.toolName,
      description,
      secureCookies: urls.base.startsWith('https://'),
      renderApp: (res, ctx, token) => ui.render(res, ctx, token),
    }),
    ...extensionRoutes({
      pairing,
      sync,
      sharing,
      library,
      perAddress: limits.limit('pairing', config.sync.pairingRateLimitPerMinute),
    }),
    ...pairingRoutes({ pairing, sharing }),
    ...apiRoutes({
      library,
      admin,
      deepLinking,
    }),
    ...coachRoutes({
      focusAreas: new FocusAreaService(collectionsRepo),
      collections,
      reviews: new ReviewService({ curation, adaptations, library }),
      mentoring: new MentoringService({ mentoring: mentoringRepo, activities: mentoringActivities, library }),
      participation,
      deepLinking,
      courseKind: new CourseKindService(tenancy),
    }),
    ...recognitionRoutes({ recognition }),
    ...myDataRoutes({
      myData: new MyDataService({ repo: new MyDataRepo(db), tenancy, publicUrl: urls.base }),
      deletion,
    }),
    ...privacyRoutes({ privacy, perPerson: limits.limit('privacy-check', 60) }),
    ...retentionRoutes({ retention }),
    ...practiceRoutes({ edits: new PracticeEditService({ db, repo: syncRepo, sync, library, privacy }) }),
    ...metricsRoutes({ metrics: new MetricsService({ repo: new MetricsRepo(db) }) }),
    ...insightRoutes({
      insight: new InsightService({ repo: insightRepo, ledger }),
      hotSpots: new HotSpotService({ repo: insightRepo }),
      admin,
    }),
  ];
}
