import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Result, Spin, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { normaliseFields, validateFields } from '../../../shared/form-fields.ts';
import { recordCrossFieldErrors } from '../../../shared/record-checks.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import { ApiError, errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { answersOf } from '../form-fields/answers.ts';
import { FieldInput, type PhotoUpload } from '../form-fields/FieldInput.tsx';
import {
  fieldEntryApi,
  loc,
  uploadPhoto,
  type EntryForm,
  type EntrySubject,
  type RecordBody,
} from './api.ts';
import { clientKey, formsFor, placeKindOf, STICKY_FIELDS, useEntryForms } from './forms.ts';
import { counterKey } from './outbox.rules.ts';
import { enqueue, startOutbox, useOutbox } from './outbox.ts';
import { OutboxStatus, QueueBadge } from './OutboxBar.tsx';
import { SubjectPicker } from './SubjectPicker.tsx';

const SUBJECT_ERROR = '__subject';

function readJson<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function writeItem(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or private mode: the choice lasts for this page only.
  }
}

function readCount(key: string): number {
  const n = Number(readJson<number>(key) ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function keepSticky(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => STICKY_FIELDS.has(key)));
}

function EntryFormView({ form }: { form: EntryForm }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const outbox = useOutbox();
  const own = me.role === 'enterprise_user';
  const subjectStore = `gridline.entry.subject.${me.id}.${form.key}`;
  const [subject, setSubject] = useState<EntrySubject | null>(() =>
    own ? null : readJson<EntrySubject>(subjectStore),
  );
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [today, setToday] = useState(0);
  // One key per entry, made when the entry is first submitted and kept across retries of it.
  const pendingKey = useRef<string | null>(null);

  const todayKey = subject ? counterKey(me.id, form.key, subject.id, reportingDay(new Date())) : null;
  useEffect(() => setToday(todayKey ? readCount(todayKey) : 0), [todayKey]);

  const chooseSubject = useCallback(
    (next: EntrySubject) => {
      setSubject(next);
      pendingKey.current = null;
      setErrors((e) => ({ ...e, [SUBJECT_ERROR]: '' }));
      if (!own) writeItem(subjectStore, JSON.stringify(next));
    },
    [own, subjectStore],
  );

  const photo = useMemo<PhotoUpload>(
    () => ({ online: outbox.online, upload: (file) => uploadPhoto(file, me.csrfToken) }),
    [outbox.online, me.csrfToken],
  );

  const setValue = (key: string, value: unknown) => {
    pendingKey.current = null;
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: '' }));
  };

  const entered = (queued: boolean) => {
    if (todayKey) {
      const next = readCount(todayKey) + 1;
      writeItem(todayKey, String(next));
      setToday(next);
    }
    pendingKey.current = null;
    setValues((v) => keepSticky(v));
    setErrors({});
    void message.success(queued && !navigator.onLine ? t('fieldEntry.savedLocal') : t('fieldEntry.sent'));
    window.scrollTo({ top: 0 });
  };

  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    void message.error(t('fieldEntry.fixErrors'));
    const first = Object.keys(found)[0];
    const target = first === SUBJECT_ERROR ? 'entry-subject-card' : `field-${first}`;
    document.querySelector(`[data-testid="${target}"]`)?.scrollIntoView({ block: 'center' });
  };

  const submit = async () => {
    const kind = t(`fieldEntry.subjectKinds.${form.subjectKind}`);
    const answers = answersOf(form.fields, values);
    // The same validator the server runs, so an entry queued offline is one the server will take.
    const found: Record<string, string> = {};
    if (!subject) found[SUBJECT_ERROR] = t('fieldEntry.subjectRequired', { kind });
    for (const problem of [
      ...validateFields(form.fields, answers, 'values'),
      ...recordCrossFieldErrors(form.key, answers),
    ])
      found[problem.field.replace(/^values\./, '')] ??= loc(problem.reason);
    if (!subject || Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    pendingKey.current ??= clientKey();
    const body: RecordBody = {
      key: pendingKey.current,
      formKey: form.key,
      formVersion: form.version,
      subject: { kind: subject.kind, id: subject.id },
      observedAt: new Date().toISOString(),
      values: normaliseFields(form.fields, answers),
    };
    setBusy(true);
    try {
      if (form.offline) {
        await enqueue({
          key: body.key,
          userId: me.id,
          formKey: form.key,
          formName: form.name,
          subjectName: subject.name,
          body,
          queuedAt: new Date().toISOString(),
          status: 'pending',
          errors: [],
        });
        entered(true);
        return;
      }
      if (!navigator.onLine) {
        void message.warning(t('fieldEntry.needsNetwork'));
        return;
      }
      await fieldEntryApi.submit(body);
      entered(false);
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const fromServer: Record<string, string> = {};
        for (const d of error.details) {
          const key = d.field.startsWith('values.') ? d.field.slice('values.'.length) : SUBJECT_ERROR;
          fromServer[key] = d.reason;
        }
        pendingKey.current = null;
        showErrors(fromServer);
      } else {
        void message.error(
          error instanceof ApiError && error.code === 'network'
            ? t('fieldEntry.needsNetwork')
            : errorText(error, t),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const kindLabel = t(`fieldEntry.subjectKinds.${form.subjectKind}`);
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="entry-form">
      <div style={{ display: 'flex', alignItems: 'center', gap: 4, marginBottom: 8 }}>
        <Link to="/entry" aria-label={t('fieldEntry.back')}>
          <Button type="text" icon={<LeftOutlined />} size="large" />
        </Link>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }} ellipsis>
          {loc(form.name)}
        </Typography.Title>
        <QueueBadge />
      </div>
      <OutboxStatus formKey={form.key} />
      <Card size="small" style={{ marginBlock: 12 }} data-testid="entry-subject-card">
        <div style={{ fontSize: 16, fontWeight: 600, marginBottom: 8 }}>
          {t('fieldEntry.subjectPick', { kind: kindLabel })}
        </div>
        <SubjectPicker
          kind={form.subjectKind}
          placeKind={placeKindOf(form)}
          value={subject}
          onChange={chooseSubject}
          own={own}
          invalid={!!errors[SUBJECT_ERROR]}
        />
        {errors[SUBJECT_ERROR] && (
          <Typography.Text type="danger" role="alert" style={{ display: 'block', marginTop: 4 }}>
            {errors[SUBJECT_ERROR]}
          </Typography.Text>
        )}
        {subject && (
          <Typography.Text
            type="secondary"
            style={{ display: 'block', marginTop: 6 }}
            data-testid="today-count"
            data-count={today}
          >
            {t('fieldEntry.today', { count: today })}
          </Typography.Text>
        )}
      </Card>
      <form
        id="entry"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {form.fields.map((spec) => (
          <FieldInput
            key={spec.key}
            spec={spec}
            value={values[spec.key]}
            onChange={(v) => setValue(spec.key, v)}
            error={errors[spec.key] || undefined}
            size="thumb"
            photo={photo}
          />
        ))}
        {/* Fixed under the thumb while the form scrolls. */}
        <div
          style={{
            position: 'sticky',
            bottom: 0,
            zIndex: 5,
            background: '#fff',
            paddingBlock: 8,
            borderTop: '1px solid #f0f0f0',
          }}
        >
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={busy}
            data-testid="entry-submit"
            style={{ height: 52, fontSize: 18 }}
          >
            {busy ? t('fieldEntry.submitting') : t('fieldEntry.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}

/** /entry/:formKey: any form rendered from its field list. */
export function EntryFormPage() {
  const { t } = useTranslation();
  const { formKey } = useParams();
  const me = useMe();
  const forms = useEntryForms();
  useEffect(() => startOutbox(me.id), [me.id]);
  if (forms.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  const form = formsFor(forms.data?.items ?? [], me.role).find((f) => f.key === formKey);
  if (!form)
    return (
      <Result
        status={forms.isError ? 'warning' : '404'}
        title={
          forms.isError
            ? `${t('fieldEntry.loadFailed')}: ${errorText(forms.error, t)}`
            : t('fieldEntry.unknownForm')
        }
        extra={
          <Link to="/entry">
            <Button type="primary">{t('fieldEntry.back')}</Button>
          </Link>
        }
      />
    );
  // A new version of the form starts a fresh entry.
  return <EntryFormView key={`${form.key}@${form.version}`} form={form} />;
}
