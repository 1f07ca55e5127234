/**
 * Shared bits of the platform's pages: readable role names and the LMS header with who is signed in.
 */
import { html, type Raw } from './html.js';
import { LIS } from './roster.js';
import type { PlatformState } from './state.js';

const ROLE_NAMES: Record<string, string> = {
  [LIS.Instructor]: 'Teacher',
  [LIS.ContentDeveloper]: 'Content developer',
  [LIS.TeachingAssistant]: 'Teaching assistant',
  [LIS.Learner]: 'Student',
  [LIS.Mentor]: 'Mentor',
  [LIS.InstitutionAdministrator]: 'District administrator',
  [LIS.InstitutionFaculty]: 'Faculty',
  [LIS.InstitutionStaff]: 'Staff',
  [LIS.InstitutionStudent]: 'Student',
};

/** Short readable role of a person (their most telling role). */
export function roleLabel(state: PlatformState, sub: string): string {
  const roles = state.roster.users.get(sub)?.roles ?? [];
  for (const r of [
    LIS.InstitutionAdministrator,
    LIS.ContentDeveloper,
    LIS.Instructor,
    LIS.TeachingAssistant,
    LIS.Learner,
  ]) {
    if (roles.includes(r)) return r === LIS.ContentDeveloper ? 'Teacher, content developer' : ROLE_NAMES[r]!;
  }
  return 'Member';
}

/** The LMS header with who is signed in. */
export function lmsHeader(state: PlatformState, signedIn?: string): Raw {
  const user = signedIn ? state.roster.users.get(signedIn) : undefined;
  return html`<a class="skip" href="#main">Skip to content</a>
    <header class="lms">
      <a class="brand" href="/">${state.name}</a>
      <span>${user ? `Signed in as ${user.name} (${roleLabel(state, user.sub)})` : 'Not signed in'}</span>
    </header>`;
}
