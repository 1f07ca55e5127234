/**
 * People and courses of the platform: the LIS role vocabulary (LTI 1.3 Core A.2), the seeded districts,
 * and the in-memory roster that launches, NRPS and the demo pages read.
 */
import type { PlatformCourse, PlatformUser } from './types.js';

/** Full LIS v2 role URIs (LTI 1.3 Core A.2.2-A.2.3) the platform sends. */
export const LIS = {
  Instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  ContentDeveloper: 'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  TeachingAssistant: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  Learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  Mentor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
  InstitutionAdministrator: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  InstitutionFaculty: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
  InstitutionStaff: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Staff',
  InstitutionStudent: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
} as const;

/** Context roles are sent only in the context (course) they hold in. */
export function isContextRole(role: string): boolean {
  return role.startsWith('http://purl.imsglobal.org/vocab/lis/v2/membership');
}

/** A course as stored, with the deep-linked content placed in it. */
export interface StoredCourse extends Required<Omit<PlatformCourse, 'members'>> {
  members: Set<string>;
  /** Content items a tool returned through deep linking, in order. */
  content: Array<{ clientId: string; deploymentId: string; item: Record<string, unknown>; resourceLinkId?: string }>;
}

/** The in-memory roster of one platform instance. */
export class Roster {
  readonly users = new Map<string, PlatformUser>();
  readonly courses = new Map<string, StoredCourse>();

  addUser(u: PlatformUser): void {
    if (!u.sub) throw new Error('A user needs a sub.');
    const [given, ...rest] = u.name.split(' ');
    this.users.set(u.sub, {
      ...u,
      givenName: u.givenName ?? given ?? u.name,
      familyName: u.familyName ?? rest.join(' '),
    });
  }

  addCourse(c: PlatformCourse): void {
    for (const sub of c.members) if (!this.users.has(sub)) throw new Error(`Course ${c.id}: unknown member "${sub}".`);
    const existing = this.courses.get(c.id);
    this.courses.set(c.id, {
      id: c.id,
      title: c.title,
      label: c.label ?? c.id.toUpperCase(),
      account: c.account ?? '',
      members: new Set(c.members),
      roles: c.roles ?? {},
      content: existing?.content ?? [],
    });
  }

  user(sub: string): PlatformUser {
    const u = this.users.get(sub);
    if (!u) throw new Error(`Unknown user "${sub}".`);
    return u;
  }

  course(id: string): StoredCourse {
    const c = this.courses.get(id);
    if (!c) throw new Error(`Unknown course "${id}".`);
    return c;
  }

  /** The roles a user holds in a launch: institution/system roles always, context roles only in their courses. */
  rolesIn(sub: string, courseId?: string): string[] {
    const user = this.user(sub);
    const institution = user.roles.filter((r) => !isContextRole(r));
    if (!courseId) return institution;
    const member = this.course(courseId).members.has(sub);
    return member ? [...this.contextRoles(sub, courseId), ...institution] : institution;
  }

  /** A member's context roles in a course: the course's own enrolment role, else the user's usual ones. */
  contextRoles(sub: string, courseId: string): string[] {
    return this.course(courseId).roles[sub] ?? this.user(sub).roles.filter(isContextRole);
  }

  /**
   * True when the platform's gradebook takes scores for the member: only learners (Moodle's graded
   * roles are Student by default; Canvas scores students only).
   */
  gradable(sub: string, courseId: string): boolean {
    return this.course(courseId).members.has(sub) && this.contextRoles(sub, courseId).includes(LIS.Learner);
  }

  /** True when the user may launch from this course: a member, or an institution administrator. */
  canLaunchIn(sub: string, courseId: string): boolean {
    return this.course(courseId).members.has(sub) || this.user(sub).roles.includes(LIS.InstitutionAdministrator);
  }
}

/** Seeded district of the default platform; `sub`s are stable so tests can name people. */
export const riverside = {
  name: 'Riverside Unified School District',
  users: [
    {
      sub: 'ana',
      name: 'Ana Lima',
      email: 'ana.lima@riverside.example.org',
      roles: [LIS.Instructor, LIS.InstitutionFaculty],
    },
    {
      sub: 'chloe',
      name: 'Chloé Martin',
      email: 'chloe.martin@riverside.example.org',
      roles: [LIS.Instructor, LIS.InstitutionFaculty],
    },
    {
      sub: 'ben',
      name: 'Ben Okafor',
      email: 'ben.okafor@riverside.example.org',
      roles: [LIS.Instructor, LIS.ContentDeveloper, LIS.InstitutionFaculty],
    },
    {
      sub: 'dana',
      name: 'Dana Whitfield',
      email: 'dana.whitfield@riverside.example.org',
      roles: [LIS.InstitutionAdministrator, LIS.InstitutionStaff],
    },
    {
      sub: 'eli',
      name: 'Eli Nakamura',
      email: 'eli.nakamura@riverside.example.org',
      roles: [LIS.TeachingAssistant, LIS.InstitutionStaff],
    },
    {
      sub: 'sam',
      name: 'Sam Rivera',
      email: 'sam.rivera@students.riverside.example.org',
      roles: [LIS.Learner, LIS.InstitutionStudent],
    },
  ] satisfies PlatformUser[],
  courses: [
    {
      id: 'math-7',
      title: 'Grade 7 Mathematics: Ratios and Proportional Reasoning',
      label: 'MATH-7',
      members: ['ana', 'ben', 'eli', 'sam'],
      account: 'riverside-middle',
    },
    {
      id: 'ela-plc',
      title: 'ELA Professional Learning Community',
      label: 'PLC-ELA',
      members: ['ana', 'chloe', 'ben'],
      account: 'riverside-high',
    },
  ] satisfies PlatformCourse[],
};

/**
 * A second district for isolation tests. It reuses the `sub`s of Riverside on purpose: the same `sub` on
 * another issuer is another person, and a tool must keep them apart.
 */
export const lakeside = {
  name: 'Lakeside County Schools',
  users: [
    {
      sub: 'ana',
      name: 'Ana Petrova',
      email: 'ana.petrova@lakeside.example.org',
      roles: [LIS.Instructor, LIS.InstitutionFaculty],
    },
    {
      sub: 'ben',
      name: 'Benedict Osei',
      email: 'b.osei@lakeside.example.org',
      roles: [LIS.Instructor, LIS.ContentDeveloper, LIS.InstitutionFaculty],
    },
    {
      sub: 'dana',
      name: 'Dana Kowalski',
      email: 'd.kowalski@lakeside.example.org',
      roles: [LIS.InstitutionAdministrator, LIS.InstitutionStaff],
    },
    {
      sub: 'sam',
      name: 'Samira Haddad',
      email: 'samira.haddad@students.lakeside.example.org',
      roles: [LIS.Learner, LIS.InstitutionStudent],
    },
  ] satisfies PlatformUser[],
  courses: [
    { id: 'sci-8', title: 'Grade 8 Science: Forces and Motion', label: 'SCI-8', members: ['ana', 'ben', 'sam'] },
    {
      id: 'math-plc',
      title: 'Mathematics Professional Learning Community',
      label: 'PLC-MATH',
      members: ['ana', 'ben'],
    },
  ] satisfies PlatformCourse[],
};
