import { Approvals } from './Approvals.js';
import { CoachCollections } from './CoachCollections.js';
import { CoachRecognition } from './CoachRecognition.js';
import { FeaturedManager } from './FeaturedManager.js';
import { FocusAreas } from './FocusAreas.js';
import { LeadershipMetrics } from './LeadershipMetrics.js';
import { Mentoring } from './Mentoring.js';

/** The sections of the coach workspace; each is an item of the one navigation. */
export const COACH_SECTIONS = [
  'collections',
  'focus',
  'approvals',
  'featured',
  'mentoring',
  'awards',
  'metrics',
] as const;
/** A coach workspace section. */
export type CoachSection = (typeof COACH_SECTIONS)[number];

/** Props of {@link CoachWorkspace}. */
export type CoachWorkspaceProps = { section: CoachSection; label: string; onOpenPractice: (id: string) => void };

/**
 * The coach workspace (issue 7): collections, focus areas, network sharing approvals, featured
 * practices, mentoring, recognition and leadership metrics, for the coach's own district. The page's
 * h1 names the workspace (shown as a small label); the section's heading is the visible title and
 * receives focus when a section is chosen in the navigation, so keyboard and screen reader users land on it.
 */
export function CoachWorkspace({ section, label, onOpenPractice }: CoachWorkspaceProps) {
  return (
    <section aria-labelledby="coach-heading">
      <h1 id="coach-heading" class="section-label">
        {label}
      </h1>
      {section === 'collections' ? <CoachCollections focusHeading onOpenPractice={onOpenPractice} /> : null}
      {section === 'focus' ? <FocusAreas focusHeading /> : null}
      {section === 'approvals' ? <Approvals focusHeading onOpenPractice={onOpenPractice} /> : null}
      {section === 'featured' ? <FeaturedManager focusHeading onOpenPractice={onOpenPractice} /> : null}
      {section === 'mentoring' ? <Mentoring focusHeading /> : null}
      {section === 'awards' ? <CoachRecognition focusHeading canAward /> : null}
      {section === 'metrics' ? <LeadershipMetrics focusHeading /> : null}
    </section>
  );
}
