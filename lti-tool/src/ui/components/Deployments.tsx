import { useEffect, useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { t } from '../i18n/index.js';
import { formatDate } from '../labels.js';
import { ErrorState, Loading } from './States.js';

type DeploymentList = Awaited<ReturnType<typeof client.deployments>>;

/**
 * District admins: the installations (deployments) of Margins their platform made, including those
 * recorded on their first launch (Canvas registers none), so a new one never goes unnoticed.
 */
export function Deployments() {
  const [data, setData] = useState<DeploymentList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = () => {
    setError(null);
    client.deployments().then(setData, (e: ApiError) => setError(e));
  };
  useEffect(load, []);

  return (
    <section aria-labelledby="deployments-heading">
      <h2 id="deployments-heading">{t('deployments.heading')}</h2>
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {!data && !error ? <Loading label={t('deployments.loading')} /> : null}
      {data ? (
        <>
          <p class="meta">{t(data.recordedOnLaunch ? 'deployments.policyOn' : 'deployments.policyOff')}</p>
          {data.deployments.length ? (
            <ul>
              {data.deployments.map((d) => (
                <li key={d.deploymentId}>
                  <code>{d.deploymentId}</code>
                  {d.name ? ` — ${d.name}` : ''} ({t('deployments.since', { date: formatDate(d.createdAt) })}
                  {d.continues ? `, ${t('deployments.continues')}` : ''})
                </li>
              ))}
            </ul>
          ) : (
            <p class="state">{t('deployments.none')}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
