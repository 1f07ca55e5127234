import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import type { SyncStatus } from '../protocol/views.js';

/** The sync status, kept current by the background's `syncStatusChanged` events; `refresh` asks again. */
export function useSyncStatus(): {
  status: SyncStatus | null;
  refresh: () => Promise<void>;
  set: (s: SyncStatus) => void;
} {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refresh = async () => {
    const result = await sendCommand({ type: 'getSyncStatus' });
    if (result.ok) setStatus(result.value);
  };
  useEffect(() => {
    void refresh();
    const listener = (m: unknown) => {
      const event = m as { type?: string; status?: SyncStatus };
      if (event.type === 'syncStatusChanged' && event.status) setStatus(event.status);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
  return { status, refresh, set: setStatus };
}
