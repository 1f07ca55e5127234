import type { MarginsRole, Placement } from './launch-context.js';

/**
 * Maps LIS roles of one launch (LTI 1.3 Core, Appendix A) to Margins roles (DESIGN: Tenancy):
 * Instructor / ContentDeveloper (and their sub-roles) -> teacher; Administrator at institution or
 * system level, launched from the account level -> district-admin candidate; coach only ever comes
 * from a grant inside Margins. Learners get no role: Margins is for staff.
 */

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

function isContextRole(role: string, name: string): boolean {
  return role === `${LIS}membership#${name}` || role.startsWith(`${LIS}membership/${name}#`) || role === name;
}

function isInstitutionAdmin(role: string): boolean {
  return (
    role === `${LIS}institution/person#Administrator` ||
    role === `${LIS}system/person#Administrator` ||
    role === `${LIS}system/person#SysAdmin`
  );
}

/** The Margins roles for a launch with `lisRoles` at `placement`, plus what Margins itself granted. */
export function mapRoles(lisRoles: string[], placement: Placement, grants: readonly string[]): MarginsRole[] {
  const out = new Set<MarginsRole>();
  if (lisRoles.some((r) => isContextRole(r, 'Instructor') || isContextRole(r, 'ContentDeveloper'))) out.add('teacher');
  const accountLevel = placement === 'account_navigation';
  if (accountLevel && lisRoles.some(isInstitutionAdmin)) out.add('district-admin');
  // A coach is a teacher whom the district admin trusts to curate: the grant only works for staff.
  if (
    grants.includes('coach') &&
    (out.has('teacher') || out.has('district-admin') || lisRoles.some(isInstitutionAdmin))
  )
    out.add('coach');
  return [...out];
}
