import { useRef, useState } from 'preact/hooks';
import {
  ADAPTATION_KINDS,
  GRADE_BANDS,
  LEARNER_NEEDS,
  PracticeConflictSchema,
  PracticeEditSchema,
  SUBJECTS,
  VISIBILITIES,
  type FieldIssue,
  type SharedAdaptation,
  type Visibility,
} from '@margins/shared';
import { ApiError, client } from '../api.js';
import { t } from '../i18n/index.js';
import { GRADE_LABEL, KIND_LABEL, NEED_LABEL, SUBJECT_LABEL } from '../labels.js';
import { requestLeave, useUnsavedChanges } from '../unsaved.js';
import { Marked } from './AwardForm.js';
import { ErrorState } from './States.js';

/** What the form holds: the fields the extension lets a teacher change. */
type Fields = {
  body: string;
  rationale: string;
  kinds: string[];
  learnerNeeds: string[];
  gradeBands: string[];
  subjects: string[];
  visibility: Visibility;
};
type Marks = { field: 'body' | 'rationale'; marks: { start: number; end: number }[] }[];

const fieldsOf = (a: SharedAdaptation): Fields => ({
  body: a.body,
  rationale: a.rationale,
  kinds: [...a.kinds],
  learnerNeeds: [...a.audience.learnerNeeds],
  gradeBands: [...a.audience.gradeBands],
  subjects: [...a.audience.subjects],
  visibility: a.visibility,
});
const same = (x: Fields, y: Fields) => JSON.stringify(x) === JSON.stringify(y);

/** Props of {@link PracticeEdit}. */
export type PracticeEditProps = {
  adaptation: SharedAdaptation;
  onSaved: (a: SharedAdaptation) => void;
  onCancel: () => void;
};

/**
 * The author edits her practice in the LMS (issue 15, item 2): the text (its first line is its name),
 * kinds, learner groups, grades, subjects, rationale and sharing. The shared schema checks the form
 * before it is sent; a shared text is checked for student names first (edit, or save anyway); leaving
 * with changes asks first; and when the extension saved the practice meanwhile (409), the saved
 * version is shown beside her text, which stays in the form until she chooses.
 */
export function PracticeEdit({ adaptation, onSaved, onCancel }: PracticeEditProps) {
  const [base, setBase] = useState(adaptation);
  const [f, setF] = useState<Fields>(() => fieldsOf(adaptation));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [privacy, setPrivacy] = useState<Marks>([]);
  const [conflict, setConflict] = useState<SharedAdaptation | null>(null);
  const [saving, setSaving] = useState(false);
  const alert = useRef<HTMLDivElement>(null);
  const dirty = !same(f, fieldsOf(base));
  useUnsavedChanges(dirty, t('practiceEdit.unsaved'));

  const set = (patch: Partial<Fields>) => {
    setF((x) => ({ ...x, ...patch }));
    setPrivacy([]);
  };
  const toggle = (key: 'kinds' | 'learnerNeeds' | 'gradeBands' | 'subjects', id: string) =>
    set({ [key]: f[key].includes(id) ? f[key].filter((x) => x !== id) : [...f[key], id] });
  const issueOf = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  const focusAlert = () => requestAnimationFrame(() => alert.current?.focus());

  async function save(acknowledged: boolean, from: SharedAdaptation = base) {
    const body = {
      baseVersion: from.version,
      kinds: f.kinds,
      body: f.body,
      rationale: f.rationale,
      audience: { gradeBands: f.gradeBands, subjects: f.subjects, learnerNeeds: f.learnerNeeds },
      visibility: f.visibility,
      privacyAcknowledged: acknowledged,
    };
    const checked = PracticeEditSchema.safeParse(body);
    setError(null);
    setConflict(null);
    if (!checked.success) {
      setIssues(checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return focusAlert();
    }
    setIssues([]);
    setSaving(true);
    try {
      if (!acknowledged && f.visibility !== 'private') {
        const found = await client
          .privacyCheck({ fields: { body: f.body, rationale: f.rationale } })
          .then((r) => r.findings)
          .catch(() => []); // The tool checks again on save; a check that cannot answer holds nothing up.
        const marks: Marks = (['body', 'rationale'] as const)
          .map((field) => ({
            field,
            marks: found.filter((x) => x.field === field).map((x) => ({ start: x.index, end: x.index + x.length })),
          }))
          .filter((m) => m.marks.length);
        if (marks.length) {
          setPrivacy(marks);
          return focusAlert();
        }
      }
      const saved = await client.updatePractice(base.id, checked.data);
      setBase(saved);
      setF(fieldsOf(saved));
      onSaved(saved);
    } catch (e) {
      const err = e as ApiError;
      const now = err instanceof ApiError && err.status === 409 ? PracticeConflictSchema.safeParse(err.body) : null;
      if (now?.success && now.data.current) setConflict(now.data.current);
      else setError(err);
      focusAlert();
    } finally {
      setSaving(false);
    }
  }

  const checks = (
    key: 'kinds' | 'learnerNeeds' | 'gradeBands' | 'subjects',
    legend: string,
    ids: readonly string[],
    label: Record<string, string>,
    path: string,
  ) => {
    const issue = issueOf(path);
    return (
      <fieldset class="checks" aria-describedby={issue ? `pe-${key}-error` : undefined}>
        <legend>{legend}</legend>
        {issue ? (
          <p id={`pe-${key}-error`} class="field-error">
            {issue.message}
          </p>
        ) : null}
        {ids.map((id) => (
          <label key={id}>
            <input type="checkbox" checked={f[key].includes(id)} onChange={() => toggle(key, id)} /> {label[id]}
          </label>
        ))}
      </fieldset>
    );
  };
  const bodyIssue = issueOf('body');

  return (
    <form
      class="practice-edit"
      aria-labelledby="pe-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h2 id="pe-heading">{t('practiceEdit.heading')}</h2>
      <div ref={alert} tabIndex={-1}>
        {issues.length ? (
          <div class="state error" role="alert">
            <p>{t('practiceEdit.invalid')}</p>
            <ul>
              {issues.map((i) => (
                <li key={i.path}>{i.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {error ? <ErrorState error={error} /> : null}
        {/* The tool's own check refused it (the form's check could not answer): she may still confirm. */}
        {error?.payload.issues?.some((i) => i.path.startsWith('privacy.')) ? (
          <button type="button" onClick={() => void save(true)}>
            {t('practiceEdit.saveAnyway')}
          </button>
        ) : null}
        {privacy.length ? (
          <div class="state warning privacy-marks" role="alert">
            <p>{t('practiceEdit.privacy')}</p>
            <ul>
              {privacy.map((p) => (
                <li key={p.field}>
                  {t(p.field === 'body' ? 'practiceEdit.body' : 'practiceEdit.rationale')}:{' '}
                  <span class="quoted">
                    <Marked text={f[p.field]} marks={p.marks} />
                  </span>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void save(true)}>
              {t('practiceEdit.saveAnyway')}
            </button>
          </div>
        ) : null}
        {conflict ? (
          <div class="state warning" role="alert">
            <p>{t('practiceEdit.conflict', { version: conflict.version })}</p>
            <blockquote class="prose">{conflict.body}</blockquote>
            {conflict.rationale ? <blockquote class="prose">{conflict.rationale}</blockquote> : null}
            <div class="actions">
              <button type="button" onClick={() => void save(false, conflict)}>
                {t('practiceEdit.keepMine')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setBase(conflict);
                  setF(fieldsOf(conflict));
                  setConflict(null);
                }}
              >
                {t('practiceEdit.useSaved')}
              </button>
            </div>
          </div>
        ) : null}
      </div>
      <label for="pe-body">{t('practiceEdit.body')}</label>
      <p id="pe-body-hint" class="hint">
        {t('practiceEdit.bodyHint')}
      </p>
      {bodyIssue ? (
        <p id="pe-body-error" class="field-error">
          {bodyIssue.message}
        </p>
      ) : null}
      <textarea
        id="pe-body"
        rows={6}
        value={f.body}
        aria-invalid={bodyIssue ? true : undefined}
        aria-describedby={bodyIssue ? 'pe-body-hint pe-body-error' : 'pe-body-hint'}
        onInput={(e) => set({ body: e.currentTarget.value })}
      />
      {checks(
        'kinds',
        t('practiceEdit.kinds'),
        ADAPTATION_KINDS.map((k) => k.id),
        KIND_LABEL,
        'kinds',
      )}
      {checks('learnerNeeds', t('practiceEdit.learners'), LEARNER_NEEDS, NEED_LABEL, 'audience.learnerNeeds')}
      {checks('gradeBands', t('practiceEdit.grades'), GRADE_BANDS, GRADE_LABEL, 'audience.gradeBands')}
      {checks('subjects', t('practiceEdit.subjects'), SUBJECTS, SUBJECT_LABEL, 'audience.subjects')}
      <label for="pe-rationale">{t('practiceEdit.rationale')}</label>
      <textarea
        id="pe-rationale"
        rows={3}
        value={f.rationale}
        onInput={(e) => set({ rationale: e.currentTarget.value })}
      />
      <fieldset class="checks">
        <legend>{t('practiceEdit.sharing')}</legend>
        {VISIBILITIES.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="pe-visibility"
              checked={f.visibility === v}
              onChange={() => set({ visibility: v })}
            />{' '}
            {t(`practiceEdit.visibility.${v}`)}
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? t('practiceEdit.saving') : t('practiceEdit.save')}
        </button>
        <button type="button" onClick={() => (dirty ? requestLeave(onCancel) : onCancel())}>
          {t('practiceEdit.cancel')}
        </button>
      </div>
    </form>
  );
}
