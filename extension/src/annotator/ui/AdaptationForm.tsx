import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldIssue } from '@margins/shared/errors';
import { gradeLabel, kindLabel, learnerLabel, outcomeLabel, subjectLabel } from '../../i18n/labels.js';
import {
  GRADE_BAND_IDS,
  KIND_IDS,
  LEARNER_NEED_IDS,
  OUTCOME_IDS,
  SUBJECT_IDS,
  VISIBILITY_IDS,
} from '../../i18n/vocabulary.js';
import type { Result } from '../../protocol/result.js';
import type { DraftFields, SharingContext } from '../../protocol/views.js';
import { concernsOf, PrivacyGuard, type GuardedField } from './PrivacyGuard.js';
import { quickCheck } from '../form-values.js';
import { hasContent, type FormState } from '../state.js';
import { CheckboxGroup } from './CheckboxGroup.js';
import { trapTab } from './focus.js';

/** Props of {@link AdaptationForm}. */
export interface AdaptationFormProps {
  form: FormState;
  /** Whether the latest draft reached storage (shown under the buttons). */
  draftStatus: 'saved' | 'failed' | null;
  /** Where this browser is connected: which visibilities the form offers. */
  sharing: SharingContext;
  /** A remix: the original's visibility (the copy is shared at most as widely) and whose it is. */
  remix?: { visibility: string; authorName: string | null } | undefined;
  onFieldsChange: (fields: DraftFields) => void;
  onSave: (fields: DraftFields, shareAnyway: boolean) => Promise<Result<unknown>>;
  onClose: (discard: boolean) => void;
}

const options = (ids: readonly string[], label: (id: string) => string) => ids.map((id) => ({ id, label: label(id) }));

/**
 * The adaptation form, a modal dialog in the annotator's shadow root: kinds, the adaptation,
 * the rationale, audience and optional evidence. Focus moves in when it opens, stays inside
 * while open (Tab wraps, Escape closes keeping the draft) and returns where it was on close.
 */
export function AdaptationForm({
  form,
  draftStatus,
  sharing,
  remix,
  onFieldsChange,
  onSave,
  onClose,
}: AdaptationFormProps) {
  const [fields, setFields] = useState<DraftFields>(form.initial);
  const [guarding, setGuarding] = useState(false);
  /** What the background refused (its detector and the district's roster), issue 16. */
  const [refused, setRefused] = useState<FieldIssue[]>([]);
  const [checked, setChecked] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLHeadingElement>(null);

  // What had focus when the dialog opened, read while rendering: the effect below runs a frame later,
  // when a slow or background tab may already have moved focus elsewhere.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    first.current?.focus();
    return () => {
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
    };
  }, []);

  const update = (patch: Partial<DraftFields>) => {
    const next = { ...fields, ...patch };
    setFields(next);
    onFieldsChange(next);
  };
  const visibility = fields.visibility || 'private';
  const guarded: GuardedField[] = [
    { id: 'mg-body', label: i18n.t('form.body'), text: fields.body, issue: 'body' },
    { id: 'mg-rationale', label: i18n.t('form.rationale'), text: fields.rationale, issue: 'rationale' },
    {
      id: 'mg-evidence',
      label: i18n.t('form.evidenceNote'),
      text: fields.outcome ? fields.evidenceNote : '',
      issue: 'evidenceNote',
    },
  ];
  // Once shown, the guard follows the text as the teacher edits it (and goes away when nothing is left).
  const found = guarding && visibility !== 'private' ? concernsOf(guarded, refused) : [];

  const local = checked ? quickCheck(fields) : {};
  const issueFor = (path: string) =>
    serverError?.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const kindsError = local.kinds ? i18n.t('form.errorKinds') : issueFor('kinds');
  const bodyError = local.body ? i18n.t('form.errorBody') : issueFor('body');
  const rationaleError = issueFor('rationale');
  const evidenceError = issueFor('evidence');
  const summary = [kindsError, bodyError, rationaleError, evidenceError].filter((m): m is string => !!m);
  if (serverError && !summary.length) summary.push(serverError.message);

  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    const problems = quickCheck(fields);
    if (problems.kinds || problems.body) {
      dialog.current?.querySelector<HTMLElement>(problems.kinds ? 'input[name="kinds"]' : '#mg-body')?.focus();
      return;
    }
    if (visibility !== 'private' && concernsOf(guarded).length) {
      setGuarding(true);
      setTimeout(() => dialog.current?.querySelector<HTMLElement>('.privacy')?.focus(), 0);
      return;
    }
    await send(false);
  };
  const send = async (shareAnyway: boolean) => {
    setSaving(true);
    setServerError(null);
    const result = await onSave(fields, shareAnyway);
    setSaving(false);
    if (!result.ok) {
      if (result.error.issues?.some((i) => i.path.startsWith('privacy.'))) {
        setRefused(result.error.issues);
        setGuarding(true);
        setTimeout(() => dialog.current?.querySelector<HTMLElement>('.privacy')?.focus(), 0);
        return;
      }
      setServerError({ message: result.error.message, issues: result.error.issues ?? [] });
      dialog.current?.querySelector<HTMLElement>('.errors')?.focus();
    }
  };
  const reach = (v: string) => VISIBILITY_IDS.indexOf(v as (typeof VISIBILITY_IDS)[number]);
  const offered = VISIBILITY_IDS.filter(
    (v) =>
      v === visibility ||
      v === 'private' ||
      (sharing.connected && (v !== 'course' || !!sharing.course) && (!remix || reach(v) <= reach(remix.visibility))),
  );
  const visibilityLabel = (v: string) =>
    v === 'course'
      ? i18n.t('share.course', [sharing.course ?? ''])
      : v === 'district'
        ? sharing.district
          ? i18n.t('share.district', [sharing.district])
          : i18n.t('share.districtPlain')
        : i18n.t(`share.${v as 'private' | 'network'}`);

  const title =
    form.mode === 'edit'
      ? i18n.t('form.titleEdit')
      : form.mode === 'remix'
        ? i18n.t('form.titleRemix')
        : i18n.t('form.titleNew');
  const quote = form.target.quote.exact;
  return (
    <div
      class="fixed dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="mg-form-title"
      ref={dialog}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose(false);
        } else if (e.key === 'Tab' && dialog.current) trapTab(e, dialog.current);
      }}
    >
      <header>
        <h2 id="mg-form-title" tabIndex={-1} ref={first}>
          {title}
        </h2>
        <button type="button" class="link" aria-label={i18n.t('form.close')} onClick={() => onClose(false)}>
          ✕
        </button>
      </header>
      <form id="mg-form" onSubmit={(e) => void submit(e)} noValidate>
        <p class="label" id="mg-passage-label">
          {i18n.t('form.passage')}
        </p>
        <blockquote aria-labelledby="mg-passage-label">
          {quote.length > 400 ? `${quote.slice(0, 400)}…` : quote}
        </blockquote>
        {remix && (
          <p class="info">
            {remix.authorName ? i18n.t('form.remixNote', [remix.authorName]) : i18n.t('form.remixNoteHidden')}
          </p>
        )}
        {form.restoredAt && (
          <p class="info" role="status">
            {i18n.t('form.draftRestored', [
              new Date(form.restoredAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
            ])}
          </p>
        )}
        {summary.length > 0 && (
          <div class="errors" role="alert" tabIndex={-1}>
            <h3>{i18n.t('form.errorsTitle')}</h3>
            <ul>
              {summary.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        )}
        <CheckboxGroup
          name="kinds"
          legend={i18n.t('form.kinds')}
          hint={i18n.t('form.kindsHint')}
          options={options(KIND_IDS, kindLabel)}
          selected={fields.kinds}
          onChange={(kinds) => update({ kinds })}
          {...(kindsError ? { error: kindsError } : {})}
        />
        <div class="field">
          <label for="mg-body">{i18n.t('form.body')}</label>
          <p class="hint" id="mg-body-hint">
            {i18n.t('form.bodyHint')}
          </p>
          <textarea
            id="mg-body"
            required
            aria-required="true"
            rows={5}
            value={fields.body}
            aria-describedby={bodyError ? 'mg-body-hint mg-body-error' : 'mg-body-hint'}
            aria-invalid={bodyError ? 'true' : undefined}
            onInput={(e) => update({ body: e.currentTarget.value })}
          />
          {bodyError && (
            <p class="error" id="mg-body-error">
              {bodyError}
            </p>
          )}
        </div>
        <div class="field">
          <label for="mg-rationale">{i18n.t('form.rationale')}</label>
          <p class="hint" id="mg-rationale-hint">
            {i18n.t('form.rationaleHint')}
          </p>
          <textarea
            id="mg-rationale"
            rows={3}
            value={fields.rationale}
            aria-describedby="mg-rationale-hint"
            aria-invalid={rationaleError ? 'true' : undefined}
            onInput={(e) => update({ rationale: e.currentTarget.value })}
          />
          {rationaleError && <p class="error">{rationaleError}</p>}
        </div>
        <CheckboxGroup
          name="learnerNeeds"
          legend={i18n.t('form.learnerNeeds')}
          options={options(LEARNER_NEED_IDS, learnerLabel)}
          selected={fields.learnerNeeds}
          onChange={(learnerNeeds) => update({ learnerNeeds })}
        />
        <CheckboxGroup
          name="gradeBands"
          legend={i18n.t('form.gradeBands')}
          options={options(GRADE_BAND_IDS, gradeLabel)}
          selected={fields.gradeBands}
          onChange={(gradeBands) => update({ gradeBands })}
        />
        <CheckboxGroup
          name="subjects"
          legend={i18n.t('form.subjects')}
          options={options(SUBJECT_IDS, subjectLabel)}
          selected={fields.subjects}
          onChange={(subjects) => update({ subjects })}
        />
        <fieldset>
          <legend>{i18n.t('form.evidence')}</legend>
          <div class="field">
            <label for="mg-outcome">{i18n.t('form.outcome')}</label>
            <select id="mg-outcome" value={fields.outcome} onChange={(e) => update({ outcome: e.currentTarget.value })}>
              <option value="">{i18n.t('form.outcomeNone')}</option>
              {OUTCOME_IDS.map((id) => (
                <option key={id} value={id}>
                  {outcomeLabel(id)}
                </option>
              ))}
            </select>
          </div>
          {fields.outcome && (
            <div class="field">
              <label for="mg-evidence">{i18n.t('form.evidenceNote')}</label>
              <textarea
                id="mg-evidence"
                rows={3}
                value={fields.evidenceNote}
                aria-invalid={evidenceError ? 'true' : undefined}
                onInput={(e) => update({ evidenceNote: e.currentTarget.value })}
              />
            </div>
          )}
        </fieldset>
        <fieldset class="sharing">
          <legend>{i18n.t('share.legend')}</legend>
          {offered.map((v) => (
            <label class="choice" key={v}>
              <input
                type="radio"
                name="visibility"
                value={v}
                checked={visibility === v}
                onChange={() => update({ visibility: v })}
              />
              <span>
                {visibilityLabel(v)}
                {v === 'network' && <span class="hint"> {i18n.t('share.networkHint')}</span>}
              </span>
            </label>
          ))}
          {!sharing.connected && <p class="hint">{i18n.t('share.notConnected')}</p>}
          {remix && <p class="hint">{i18n.t('share.remixLimit')}</p>}
        </fieldset>
        <PrivacyGuard
          found={found}
          onShareAnyway={() => void send(true)}
          onEdit={(id) => dialog.current?.querySelector<HTMLElement>(`#${id}`)?.focus()}
        />
      </form>
      <footer>
        <button type="submit" form="mg-form" class="primary" disabled={saving}>
          {saving ? i18n.t('form.saving') : i18n.t('form.save')}
        </button>
        <button type="button" onClick={() => onClose(false)}>
          {i18n.t('form.cancel')}
        </button>
        {(form.restoredAt || (form.mode === 'new' && hasContent(fields))) && (
          <button type="button" class="danger" onClick={() => onClose(true)}>
            {i18n.t('form.discardDraft')}
          </button>
        )}
        <p class={draftStatus === 'failed' ? 'status error' : 'status'} role="status" aria-live="polite">
          {draftStatus === 'saved'
            ? i18n.t('form.draftSaved')
            : draftStatus === 'failed'
              ? i18n.t('form.draftFailed')
              : ''}
        </p>
      </footer>
    </div>
  );
}
