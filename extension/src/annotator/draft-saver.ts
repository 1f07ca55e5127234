import type { Draft } from '../protocol/views.js';

/** Options of {@link DraftSaver}. */
export interface DraftSaverOptions {
  /** Save after this pause in typing (ms). */
  wait: number;
  /** ...and at the latest this long after the first unsaved keystroke (ms), so a crash loses at most this much. */
  maxWait: number;
}

/**
 * Saves the form's draft through the background while the teacher types: after each short pause,
 * and at least once a second during continuous typing. `flush()` saves at once (tab hidden or
 * closing, form closed).
 */
export class DraftSaver {
  private pending: Draft | null = null;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly save: (draft: Draft) => Promise<unknown>,
    private readonly opts: DraftSaverOptions = { wait: 300, maxWait: 1_000 },
  ) {}

  /** Schedules `draft` (replacing any unsaved one). */
  schedule(draft: Draft): void {
    this.pending = draft;
    clearTimeout(this.waitTimer);
    this.waitTimer = setTimeout(() => void this.flush(), this.opts.wait);
    this.maxTimer ??= setTimeout(() => void this.flush(), this.opts.maxWait);
  }

  /** Saves the unsaved draft now, if any. */
  async flush(): Promise<void> {
    clearTimeout(this.waitTimer);
    clearTimeout(this.maxTimer);
    this.waitTimer = undefined;
    this.maxTimer = undefined;
    const draft = this.pending;
    this.pending = null;
    if (draft) await this.save(draft);
  }

  /** Drops the unsaved draft (after a successful save or a discard). */
  cancel(): void {
    clearTimeout(this.waitTimer);
    clearTimeout(this.maxTimer);
    this.waitTimer = undefined;
    this.maxTimer = undefined;
    this.pending = null;
  }
}
