/**
 * The few extension APIs the browser tests and the benchmark call inside extension contexts
 * (service worker, extension pages) through `evaluate`. Declared here rather than pulling the
 * full Chrome typings into the tests package.
 */
declare namespace chrome {
  namespace tabs {
    function query(q: Record<string, unknown>): Promise<{ id?: number; url?: string; title?: string }[]>;
    function sendMessage(tabId: number, message: unknown): Promise<unknown>;
  }
  namespace runtime {
    function sendMessage(message: unknown): Promise<unknown>;
    const onMessage: { addListener(listener: (message: never) => void): void };
  }
}
