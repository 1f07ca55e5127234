import { randomUUID } from 'node:crypto';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import type { AdaptationInput } from '@margins/shared';
import { AdaptationsRepo } from '../src/data/adaptations-repo.js';
import { CollectionsRepo } from '../src/data/collections-repo.js';
import { CurationRepo } from '../src/data/curation-repo.js';
import { openDb, type Db } from '../src/data/db.js';
import { LedgerRepo } from '../src/data/ledger-repo.js';
import { MentoringActivitiesRepo } from '../src/data/mentoring-activities-repo.js';
import { MentoringRepo } from '../src/data/mentoring-repo.js';
import { migrate } from '../src/data/migrations.js';
import { ParticipationRepo } from '../src/data/participation-repo.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { LaunchContextSchema, type LaunchContext, type MarginsRole } from '../src/lti/launch-context.js';
import { CollectionService } from '../src/services/collection-service.js';
import { FocusAreaService } from '../src/services/focus-area-service.js';
import { LibraryService } from '../src/services/library-service.js';
import { SharedView } from '../src/services/shared-view.js';
import { SyncRepo } from '../src/data/sync-repo.js';
import { MentoringService } from '../src/services/mentoring-service.js';
import { ReviewService } from '../src/services/review-service.js';
import type { TestDatabase } from '../src/testing/databases.js';

/** A person of a test district: their user row and their course (if any). */
export interface Person {
  userId: string;
  sub: string;
  name: string;
  tenant: { id: string; issuer: string; clientId: string };
  deployment: { id: string; deploymentId: string };
  course: { id: string; contextId: string; title: string } | null;
}

/**
 * Two districts for the coach services' tests: Riverside (coach Ben, teachers Ana in Math 7 and
 * Chloé in the ELA PLC, newer teacher Noor in the ELA PLC) and Lakeside (coach Lee), with the real
 * repositories and services over a migrated database.
 */
export async function coachWorld(tdb: TestDatabase) {
  const db: Db = openDb(tdb.target);
  await migrate(db);
  const tenancy = new TenancyRepo(db);
  const adaptations = new AdaptationsRepo(db);
  const ledger = new LedgerRepo(db);
  const collectionsRepo = new CollectionsRepo(db, ledger);
  const curation = new CurationRepo(db);
  const mentoringRepo = new MentoringRepo(db);
  const mentoringActivities = new MentoringActivitiesRepo(db, ledger);
  const participation = new ParticipationRepo(db);
  const library = new LibraryService(adaptations, new SharedView(adaptations, new SyncRepo(db)));

  async function district(issuer: string, name: string) {
    const t = await tenancy.ensureTenant({ issuer, clientId: 'client-1', name, product: 'canvas' });
    const d = await tenancy.addDeployment(t.id, 'dep-1');
    return {
      async person(sub: string, personName: string, courseId: string | null): Promise<Person> {
        const u = await tenancy.upsertUser({
          tenantId: t.id,
          deploymentPk: d.id,
          sub,
          name: personName,
          email: `${sub}@${new URL(issuer).hostname}`,
        });
        const c = courseId
          ? await tenancy.upsertContext({
              tenantId: t.id,
              deploymentPk: d.id,
              contextId: courseId,
              title: courseId.toUpperCase(),
            })
          : null;
        return {
          userId: u.id,
          sub,
          name: personName,
          tenant: { id: t.id, issuer, clientId: 'client-1' },
          deployment: { id: d.id, deploymentId: 'dep-1' },
          course: c ? { id: c.id, contextId: c.context_id, title: c.title } : null,
        };
      },
    };
  }
  const riverside = await district('https://riverside.example', 'Riverside USD');
  const lakeside = await district('https://lakeside.example', 'Lakeside SD');
  const people = {
    ben: await riverside.person('ben', 'Ben Okafor', 'ela-plc'),
    ana: await riverside.person('ana', 'Ana Lima', 'math-7'),
    chloe: await riverside.person('chloe', 'Chloé Martin', 'ela-plc'),
    noor: await riverside.person('noor', 'Noor Haddad', 'ela-plc'),
    lee: await lakeside.person('lee', 'Lee Park', 'sci-8'),
  };

  /** The LaunchContext a launch of `p` with `roles` would produce. */
  function ctx(p: Person, roles: MarginsRole[], extra: Partial<LaunchContext> = {}): LaunchContext {
    const now = new Date();
    return LaunchContextSchema.parse({
      launchId: randomUUID(),
      tenant: {
        id: p.tenant.id,
        name: 'District',
        issuer: p.tenant.issuer,
        clientId: p.tenant.clientId,
        product: 'canvas',
      },
      deployment: p.deployment,
      course: p.course,
      user: { id: p.userId, sub: p.sub, name: p.name, email: null },
      roles,
      placement: p.course ? 'course_navigation' : 'account_navigation',
      messageType: 'LtiResourceLinkRequest',
      deepLinking: null,
      openAdaptationId: null,
      frameAncestors: [],
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      ...extra,
    });
  }

  /** Stores an adaptation by `author` (shared from their course). */
  async function share(
    author: Person,
    fields: Partial<AdaptationInput> = {},
    networkStatus?: 'pending' | 'approved',
  ): Promise<string> {
    const id = randomUUID();
    await adaptations.put(
      makeAdaptation({
        id,
        visibility: 'district',
        page: { url: `https://curriculum.example.org/${id}`, title: `Practice ${id.slice(0, 4)}` },
        ...fields,
      }),
      {
        tenantId: author.tenant.id,
        authorUserId: author.userId,
        authorName: author.name,
        contextPk: author.course?.id ?? null,
        ...(networkStatus ? { networkStatus } : {}),
      },
    );
    return id;
  }

  return {
    db,
    tenancy,
    adaptations,
    ledger,
    participation,
    people,
    ctx,
    share,
    focusAreas: new FocusAreaService(collectionsRepo),
    collections: new CollectionService({ collections: collectionsRepo, curation, adaptations, library }),
    reviews: new ReviewService({ curation, adaptations, library }),
    mentoring: new MentoringService({ mentoring: mentoringRepo, activities: mentoringActivities, library }),
  };
}
