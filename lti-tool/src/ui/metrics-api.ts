import { metricsApi, type MetricsQuery } from '@margins/shared';
import { ApiError, authorizedFetch, call } from './api.js';

const a = metricsApi;

/** The report's query string (only what is set). */
function queryOf(q: MetricsQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

/** The leadership metrics API calls (shared/src/api-metrics.ts). */
export const metricsClient = {
  scopes: () => call(a.scopes.path, a.scopes.response),
  report: (q: MetricsQuery) => call(`${a.report.path}?${queryOf(q)}`, a.report.response),
  /**
   * Downloads the CSV: fetched with the launch credential (it never goes in a URL), then saved
   * through a temporary object URL under the name the server chose.
   */
  async downloadCsv(q: MetricsQuery): Promise<string> {
    const res = await authorizedFetch(`${a.csv.path}?${queryOf(q)}`, 'text/csv');
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'margins-metrics.csv';
    const url = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  },
};

export { ApiError };
