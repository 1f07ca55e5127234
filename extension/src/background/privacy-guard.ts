import { AppError, type FieldIssue } from '@margins/shared/errors';
import { findSharedTextConcerns } from '@margins/shared/names';

/** The texts of an adaptation that leave the machine when it is shared, by the form's field names. */
export interface SharedTexts {
  body?: string;
  rationale?: string;
  evidence?: { note?: string } | undefined;
}

/** One field's concerns, as the form highlights them. */
export interface FieldConcern {
  field: 'body' | 'rationale' | 'evidenceNote' | 'note' | 'text';
  matches: string[];
}

/**
 * The district's check (issue 16), when this browser is connected: the positions of learner names
 * of the teacher's courses (the roster stays on the tool as salted hashes) and of what its detector
 * finds. Null when it cannot answer (offline, not connected, busy): the local check still runs.
 */
export type RemoteCheck = (
  fields: Record<string, string>,
) => Promise<{ field: string; index: number; length: number }[] | null>;

/** What the guard knows beyond the texts: the district's check, and the writer's own name (never flagged). */
export interface PrivacyDeps {
  remote?: RemoteCheck;
  writerName?: () => Promise<string | null>;
}

/**
 * The privacy guard before sharing (issues 6 and 16), the background's side: the form warns first
 * and lets the teacher edit or share anyway; a save that did neither is refused here, so no other
 * path (the panel, an old tab) can share a text that seems to name a student without the teacher
 * having seen the warning. Local: the shared name detector (English tagger, Spanish rules, cited
 * authors let through) and the cue-word, email and ID checks; plus the district's roster check
 * when connected. Private notes are never checked. Call it before a database transaction.
 */
export async function checkPrivacy(texts: SharedTexts, deps: PrivacyDeps = {}): Promise<void> {
  const concerns = await concernsIn(
    { body: texts.body ?? '', rationale: texts.rationale ?? '', evidenceNote: texts.evidence?.note ?? '' },
    deps,
  );
  if (concerns.length) throw privacyError(concerns);
}

/** The same check for a short shared text (an "I tried this" note, feedback). */
export async function checkPrivacyOf(field: 'note' | 'text', text: string, deps: PrivacyDeps = {}): Promise<void> {
  const concerns = await concernsIn({ [field]: text }, deps);
  if (concerns.length) throw privacyError(concerns);
}

async function concernsIn(
  fields: Partial<Record<FieldConcern['field'], string>>,
  { remote, writerName }: PrivacyDeps,
): Promise<FieldConcern[]> {
  const own = (await writerName?.().catch(() => null)) ?? null;
  const present = Object.fromEntries(Object.entries(fields).filter(([, t]) => !!t?.trim())) as Record<string, string>;
  const byField = new Map<string, Set<string>>();
  const add = (field: string, match: string) => {
    if (!byField.has(field)) byField.set(field, new Set());
    byField.get(field)!.add(match);
  };
  for (const [field, text] of Object.entries(present))
    for (const c of findSharedTextConcerns(text, { writerName: own })) add(field, c.text);
  if (remote && Object.keys(present).length) {
    const found = await remote(present).catch(() => null);
    for (const f of found ?? []) {
      const text = present[f.field];
      if (text !== undefined) add(f.field, text.slice(f.index, f.index + f.length));
    }
  }
  return [...byField].map(([field, matches]) => ({ field: field as FieldConcern['field'], matches: [...matches] }));
}

function privacyError(concerns: FieldConcern[]): AppError {
  const issues: FieldIssue[] = concerns.map((c) => ({
    path: `privacy.${c.field}`,
    message: `This may identify a student or family (${c.matches.map((m) => `“${m}”`).join(', ')}). Edit it, or choose to share anyway.`,
  }));
  return new AppError(
    'validation_failed',
    'Before sharing, check the highlighted words: they may identify a student. Edit the text, or choose "Share anyway".',
    issues,
  );
}
