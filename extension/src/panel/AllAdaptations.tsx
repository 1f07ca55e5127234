import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import type { Adaptation } from '@margins/shared/adaptation';
import { sendCommand } from '../protocol/client.js';
import { AdaptationCard } from './AdaptationCard.js';

/** Props of {@link AllAdaptations}. */
export interface AllAdaptationsProps {
  notify: (message: string, undoId?: string) => void;
  /** Increases when adaptations changed anywhere, to refresh the list. */
  version: number;
}

const PAGE_SIZE = 50;

/** Every adaptation I wrote, newest first, searchable by words of the adaptation, passage or page. */
export function AllAdaptations({ notify, version }: AllAdaptationsProps) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<Adaptation[] | null>(null);
  const [total, setTotal] = useState(0);
  const [limit, setLimit] = useState(PAGE_SIZE);

  useEffect(() => {
    const load = async () => {
      const result = await sendCommand({ type: 'listAllAdaptations', query, offset: 0, limit });
      if (result.ok) {
        setItems(result.value.items);
        setTotal(result.value.total);
      }
    };
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [query, limit, version]);

  const remove = async (id: string) => {
    const result = await sendCommand({ type: 'deleteAdaptation', id });
    notify(result.ok ? i18n.t('toast.deleted') : result.error.message, result.ok ? id : undefined);
  };

  return (
    <div>
      <div class="field" role="search">
        <label for="search">{i18n.t('panel.search')}</label>
        <input
          id="search"
          type="search"
          value={query}
          placeholder={i18n.t('panel.searchPlaceholder')}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setLimit(PAGE_SIZE);
          }}
        />
      </div>
      {items === null ? (
        <p role="status">{i18n.t('panel.loading')}</p>
      ) : (
        <>
          <p role="status">{i18n.t('panel.results', total)}</p>
          <ul class="cards" aria-label={i18n.t('panel.allMine')}>
            {items.map((a) => (
              <li key={a.id}>
                <AdaptationCard
                  adaptation={a}
                  heading={
                    <h3 class="page-title">
                      <a href={a.page.url} target="_blank" rel="noopener noreferrer">
                        {a.page.title || a.page.url}
                      </a>
                    </h3>
                  }
                >
                  <span class="muted">{i18n.t('panel.updated', [new Date(a.updatedAt).toLocaleDateString()])}</span>
                  <button type="button" class="danger" onClick={() => void remove(a.id)}>
                    {i18n.t('panel.delete')}
                  </button>
                </AdaptationCard>
              </li>
            ))}
          </ul>
          {items.length < total && (
            <button type="button" onClick={() => setLimit(limit + PAGE_SIZE)}>
              {i18n.t('panel.loadMore')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
