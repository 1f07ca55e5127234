import { useState } from 'preact/hooks';
import { useFocusOnMount } from '../use-load.js';
import { Approvals } from './Approvals.js';
import { CoachCollections } from './CoachCollections.js';
import { CoachRecognition } from './CoachRecognition.js';
import { FeaturedManager } from './FeaturedManager.js';
import { FocusAreas } from './FocusAreas.js';
import { LeadershipMetrics } from './LeadershipMetrics.js';
import { Mentoring } from './Mentoring.js';

/** The sections of the coach workspace. */
const SECTIONS = [
  { id: 'collections', label: 'Collections' },
  { id: 'focus', label: 'Focus areas' },
  { id: 'approvals', label: 'Sharing approvals' },
  { id: 'featured', label: 'Featured' },
  { id: 'mentoring', label: 'Mentoring' },
  { id: 'recognition', label: 'Recognition' },
  { id: 'metrics', label: 'Leadership metrics' },
] as const;
type Section = (typeof SECTIONS)[number]['id'];

/** Props of {@link CoachWorkspace}. */
export type CoachWorkspaceProps = { onOpenPractice: (id: string) => void };

/**
 * The coach workspace (issue 7): collections, focus areas, network sharing approvals, featured
 * practices, mentoring, recognition and leadership metrics, for the coach's own district. Switching section moves focus to its heading.
 */
export function CoachWorkspace({ onOpenPractice }: CoachWorkspaceProps) {
  const [section, setSection] = useState<Section>('collections');
  const [switched, setSwitched] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const show = (s: Section) => {
    setSection(s);
    setSwitched(true);
  };
  return (
    <section aria-labelledby="coach-heading">
      <h1 id="coach-heading" ref={heading} tabIndex={-1}>
        Coach workspace
      </h1>
      <nav aria-label="Coach workspace sections">
        <ul class="subnav">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                class="tab"
                aria-current={section === s.id ? 'page' : undefined}
                onClick={() => show(s.id)}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'collections' ? <CoachCollections focusHeading={switched} onOpenPractice={onOpenPractice} /> : null}
      {section === 'focus' ? <FocusAreas focusHeading={switched} /> : null}
      {section === 'approvals' ? <Approvals focusHeading={switched} onOpenPractice={onOpenPractice} /> : null}
      {section === 'featured' ? <FeaturedManager focusHeading={switched} onOpenPractice={onOpenPractice} /> : null}
      {section === 'mentoring' ? <Mentoring focusHeading={switched} /> : null}
      {section === 'recognition' ? <CoachRecognition focusHeading={switched} canAward /> : null}
      {section === 'metrics' ? <LeadershipMetrics focusHeading={switched} /> : null}
    </section>
  );
}
