/**
 * Waits until Preact's deferred effects have run. Preact schedules them after the next paint with
 * requestAnimationFrame and a 35 ms timer as a fallback; if a test file ends first, that timer fires
 * after jsdom is gone and throws "cancelAnimationFrame is not defined" into the run.
 */
export function preactSettled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
