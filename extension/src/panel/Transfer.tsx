import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import type { ImportReport } from '../protocol/views.js';
import { saveFile } from './save-file.js';

/**
 * Export all my adaptations as a W3C Web Annotation file, import one back (duplicates skipped,
 * bad entries listed with the reason), and the list of sites where Margins is on.
 */
export function Transfer() {
  const [exportMessage, setExportMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importError, setImportError] = useState('');
  const [sites, setSites] = useState<string[] | null>(null);

  const loadSites = async () => {
    const result = await sendCommand({ type: 'listEnabledSites' });
    setSites(result.ok ? result.value.sites : []);
  };
  useEffect(() => void loadSites(), []);

  const exportAll = async () => {
    const result = await sendCommand({ type: 'exportAdaptations' });
    if (!result.ok) return setExportMessage(result.error.message);
    saveFile(result.value.json, result.value.fileName, 'application/ld+json');
    setExportMessage(i18n.t('transfer.exported', result.value.count));
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setReport(null);
    setImportError('');
    const result = await sendCommand({ type: 'importAdaptations', text: await file.text() });
    setBusy(false);
    if (result.ok) setReport(result.value);
    else setImportError(result.error.message);
  };

  const disable = async (site: string) => {
    await sendCommand({ type: 'disableSite', site });
    await loadSites();
  };

  return (
    <div>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">{i18n.t('transfer.exportHeading')}</h2>
        <p class="muted">{i18n.t('transfer.exportHint')}</p>
        <button type="button" class="primary" onClick={() => void exportAll()}>
          {i18n.t('transfer.export')}
        </button>
        <p role="status">{exportMessage}</p>
      </section>
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">{i18n.t('transfer.importHeading')}</h2>
        <p class="muted" id="import-hint">
          {i18n.t('transfer.importHint')}
        </p>
        <label for="import-file" class="label">
          {i18n.t('transfer.importFile')}
        </label>
        <input
          id="import-file"
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          aria-describedby="import-hint"
          disabled={busy}
          onChange={(e) => void importFile(e.currentTarget.files?.[0])}
        />
        <div role="status" class="import-result">
          {busy && <p>{i18n.t('transfer.importing')}</p>}
          {report && (
            <p>
              {i18n.t('transfer.imported', [
                String(report.imported),
                String(report.skipped),
                String(report.rejected.length),
              ])}
            </p>
          )}
        </div>
        {importError && (
          <p class="error" role="alert">
            {importError}
          </p>
        )}
        {report && report.rejected.length > 0 && (
          <ul class="rejected">
            {report.rejected.slice(0, 50).map((r) => (
              <li key={r.index}>{i18n.t('transfer.rejectedItem', [String(r.index + 1), r.message])}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">{i18n.t('site.enabledList')}</h2>
        {sites && sites.length === 0 && <p class="muted">{i18n.t('site.noSites')}</p>}
        <ul class="sites">
          {sites?.map((site) => (
            <li key={site}>
              <span>{new URL(site).host}</span>
              <button
                type="button"
                aria-label={`${i18n.t('site.disable')}: ${new URL(site).host}`}
                onClick={() => void disable(site)}
              >
                {i18n.t('site.disable')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
