import { useState } from 'preact/hooks';
import { t } from '../i18n/index.js';

/** One place the navigation goes; `group` starts a labelled run of items (for example "Coaching"). */
export type NavItem = { id: string; label: string; group?: string };

/** Props of {@link SiteNav}. */
export type SiteNavProps = {
  items: NavItem[];
  current: string;
  onChoose: (id: string) => void;
  /** The navigation's accessible name and the narrow-screen button's words. */
  label?: string;
  menuLabel?: string;
};

/**
 * The one navigation of the LMS UI: every place is an item whose words say where it goes. In a wide
 * frame the items sit in one or two compact rows; in a narrow one (under 40rem, e.g. an LMS frame
 * at 800px or a phone) they fold behind a button naming the current place, so the header stays
 * one line and the content starts near the top of the frame.
 */
export function SiteNav({ items, current, onChoose, label = t('nav.label'), menuLabel = t('nav.menu') }: SiteNavProps) {
  const [open, setOpen] = useState(false);
  const here = items.find((i) => i.id === current);
  let group: string | undefined;
  return (
    <nav
      class={`site-nav${open ? ' open' : ''}`}
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          e.currentTarget.querySelector<HTMLButtonElement>('.nav-toggle')?.focus();
        }
      }}
    >
      <button
        type="button"
        class="nav-toggle"
        aria-expanded={open}
        aria-controls="site-nav-list"
        onClick={() => setOpen(!open)}
      >
        <span>{menuLabel}:</span> <strong>{here?.label ?? ''}</strong>{' '}
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <ul id="site-nav-list" class="nav-list">
        {items.flatMap((item) => {
          const out = [];
          if (item.group && item.group !== group)
            out.push(
              <li key={`g-${item.group}`} class="nav-sep" aria-hidden="true">
                {item.group}
              </li>,
            );
          group = item.group;
          out.push(
            <li key={item.id}>
              <button
                type="button"
                class="nav-item"
                aria-current={item.id === current ? 'page' : undefined}
                onClick={() => {
                  setOpen(false);
                  onChoose(item.id);
                }}
              >
                {item.label}
              </button>
            </li>,
          );
          return out;
        })}
      </ul>
    </nav>
  );
}
