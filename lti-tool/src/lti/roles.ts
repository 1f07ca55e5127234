import type { MarginsRole, Placement } from './launch-context.js';

/**
 * Maps LIS roles of one launch (LTI 1.3 Core, Appendix A) to Margins roles (DESIGN: Tenancy):
 * Instructor / ContentDeveloper (and their sub-roles) -> teacher; in a professional-learning course a
 * Learner is a teacher too (district PD and PLC courses enrol teachers as students); an LMS
 * administrator the product's adapter trusts with the district -> district-admin; coach only ever comes
 * from a grant inside Margins. Learners of ordinary courses get no role: Margins is for staff.
 */

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

function isContextRole(role: string, name: string): boolean {
  return role === `${LIS}membership#${name}` || role.startsWith(`${LIS}membership/${name}#`) || role === name;
}

/** An administrator of the institution or the whole system (Canvas: of any account; Moodle: site admin). */
export function isInstitutionAdmin(role: string): boolean {
  return (
    role === `${LIS}institution/person#Administrator` ||
    role === `${LIS}system/person#Administrator` ||
    role === `${LIS}system/person#SysAdmin`
  );
}

/** True when the LMS roles make the person an institution (district) admin, wherever they launch from. */
export function isDistrictAdminClaim(lisRoles: string[]): boolean {
  return lisRoles.some(isInstitutionAdmin);
}

/** What the person is in the launch's course: someone who teaches it, someone who learns in it, or neither. */
export type CourseRole = 'instructor' | 'learner' | null;

/** The person's role in the course of a launch, from its context roles. */
export function courseRoleOf(lisRoles: string[]): CourseRole {
  if (lisRoles.some((r) => ['Instructor', 'ContentDeveloper'].some((n) => isContextRole(r, n)))) return 'instructor';
  if (lisRoles.some((r) => isContextRole(r, 'Learner'))) return 'learner';
  return null;
}

/** What decides the Margins roles of a launch besides its LIS roles. */
export interface RoleFacts {
  placement: Placement;
  /** Roles granted inside Margins (coach). */
  grants: readonly string[];
  /** The course is a professional-learning course: its learners are teachers. */
  professionalLearning?: boolean;
  /** The product's adapter found the person to be an LMS administrator of the whole district. */
  districtAdmin?: boolean;
}

/** The Margins roles for a launch with `lisRoles`. */
export function mapRoles(lisRoles: string[], f: RoleFacts): MarginsRole[] {
  const out = new Set<MarginsRole>();
  const inCourse = courseRoleOf(lisRoles);
  if (lisRoles.some((r) => isContextRole(r, 'Instructor') || isContextRole(r, 'ContentDeveloper'))) out.add('teacher');
  if (f.professionalLearning && inCourse === 'learner') out.add('teacher');
  if (f.districtAdmin) out.add('district-admin');
  // A coach is a teacher whom the district admin trusts to curate: the grant only works for staff.
  if (
    f.grants.includes('coach') &&
    (out.has('teacher') || out.has('district-admin') || lisRoles.some(isInstitutionAdmin))
  )
    out.add('coach');
  // A curriculum lead (issue 20) is granted the same way, to staff only.
  if (
    f.grants.includes('curriculum-lead') &&
    (out.has('teacher') || out.has('district-admin') || lisRoles.some(isInstitutionAdmin))
  )
    out.add('curriculum-lead');
  return [...out];
}
