import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Collapse,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, HistoryOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { validateFields, type FieldSpec } from '../../../shared/form-fields.ts';
import { ApiError, errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { placeServerErrors } from '../case-admin/formErrors.ts';
import { recordsApi, type RecordItem } from './api.ts';
import { RecordValues, loc, useFormVersionFields } from './common.tsx';
import { answersOf, type ItemRow } from '../form-fields/answers.ts';
import { FieldInput } from '../form-fields/FieldInput.tsx';

interface CorrectionValues {
  values: Record<string, unknown>;
  reason?: string;
}

/** The stored values as the form holds them (item lists as editable rows). */
function formValuesOf(specs: readonly FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.key];
    if (value === undefined) continue;
    out[spec.key] =
      spec.type === 'item_list' && Array.isArray(value)
        ? (value as ItemRow[]).map((r) => ({ item: r.item, value: r.value }))
        : value;
  }
  return out;
}

function CorrectionForm({
  record,
  fields,
  onDone,
  onCancel,
}: {
  record: RecordItem;
  fields: FieldSpec[];
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CorrectionValues>();
  const save = useMutation({
    // A fresh idempotency key per attempt: the expected revision already stops a double correction.
    mutationFn: (body: { values: Record<string, unknown>; reason: string }) =>
      recordsApi.correct(record.recordId, {
        key: crypto.randomUUID(),
        values: body.values,
        reason: body.reason,
        expectedRevision: record.revision,
      }),
    onSuccess: async () => {
      void message.success(t('records.correct.saved'));
      await client.invalidateQueries({ queryKey: ['records'] });
      onDone();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void message.warning(t('records.correct.stale'));
        await client.invalidateQueries({ queryKey: ['records'] });
        onCancel();
        return;
      }
      const unplaced = placeServerErrors(form, error);
      void message.error([errorText(error, t), ...unplaced.map((d) => `${d.field}: ${d.reason}`)].join('；'));
    },
  });

  const submit = (values: CorrectionValues) => {
    const answers = answersOf(fields, values.values);
    // The same validator the server runs, on the whole answer set, before anything is sent.
    const problems = validateFields(fields, answers, 'values');
    if (problems.length > 0) {
      form.setFields(problems.map((p) => ({ name: p.field.split('.'), errors: [loc(p.reason)] })));
      return;
    }
    save.mutate({ values: answers, reason: (values.reason ?? '').trim() });
  };

  return (
    <Form<CorrectionValues>
      form={form}
      layout="vertical"
      name="recordCorrection"
      initialValues={{ values: formValuesOf(fields, record.values), reason: '' }}
      onFinish={submit}
      scrollToFirstError
      data-testid="correction-form"
    >
      {fields.map((spec) => (
        <FieldInput key={spec.key} spec={spec} prefix="values" />
      ))}
      <Form.Item
        name="reason"
        label={t('records.correct.reason')}
        rules={[
          { required: true, whitespace: true, message: t('records.correct.reasonRequired') },
          { max: 500 },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
      </Form.Item>
      <Space wrap>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="correction-save">
          {t('records.correct.submit')}
        </Button>
      </Space>
    </Form>
  );
}

function RecordFacts({ record }: { record: RecordItem }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        {
          key: 'subject',
          label: t('records.field.subject'),
          children: (
            <span>
              <Tag>{t(`records.subjectKinds.${record.subject.kind}`)}</Tag>
              {record.subject.name}
            </span>
          ),
        },
        { key: 'area', label: t('records.field.area'), children: record.areaName ?? '—' },
        { key: 'day', label: t('records.field.day'), children: record.day },
        { key: 'observed', label: t('records.field.observedAt'), children: formatTime(record.observedAt) },
        {
          key: 'by',
          label: t('records.field.submittedBy'),
          children: `${record.submittedBy?.name ?? '—'} · ${t(`records.channels.${record.channel}`)}`,
        },
        {
          key: 'version',
          label: t('records.field.revision'),
          children: t('records.detail.revisionOf', {
            revision: record.revision,
            version: record.formVersion,
          }),
        },
      ]}
    />
  );
}

/** A revision's label: who changed it, when and why. */
function revisionLabel(r: RecordItem, t: (key: string, options?: Record<string, unknown>) => string) {
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {t('records.detail.revision', { revision: r.revision })}
        {r.current && (
          <Tag color="blue" style={{ marginInlineStart: 8 }}>
            {t('records.detail.current')}
          </Tag>
        )}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[r.submittedBy?.name, formatTime(r.createdAt)].filter(Boolean).join(' · ')}
      </Typography.Text>
      {r.reason && (
        <Typography.Text style={{ fontSize: 12 }}>
          {t('records.detail.reason')}: {r.reason}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * One record: its values by field, the revision history, the subject's other records, and a
 * correction when the user may make one.
 */
export function RecordDrawer({
  recordId,
  onClose,
  onSubject,
}: {
  recordId: string | null;
  onClose(): void;
  onSubject(record: RecordItem): void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [correcting, setCorrecting] = useState(false);
  const detail = useQuery({
    queryKey: ['records', 'detail', recordId],
    queryFn: () => recordsApi.get(recordId ?? ''),
    enabled: Boolean(recordId),
  });
  const record = detail.data?.record;
  const version = useFormVersionFields(record?.formKey, record?.formVersion);
  useEffect(() => setCorrecting(false), [recordId]);

  // Every revision, newest first; a record never corrected has no history to show.
  const revisions = [...(detail.data?.revisions ?? [])].sort((a, b) => b.revision - a.revision);
  const earlier = revisions.length > 1 ? revisions : [];

  return (
    <Drawer
      open={Boolean(recordId)}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      title={record ? `${loc(record.formName)} · ${record.subject.name}` : t('records.detail.title')}
      data-testid="record-drawer"
    >
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {detail.isPending || !record ? (
        !detail.isError && <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <RecordFacts record={record} />
          <Space wrap>
            <Button
              icon={<HistoryOutlined />}
              onClick={() => onSubject(record)}
              data-testid="subject-records"
            >
              {t('records.detail.subjectRecords')}
            </Button>
            {record.can.correct && !correcting && version.fields && (
              <Button
                icon={<EditOutlined />}
                onClick={() => setCorrecting(true)}
                data-testid="record-correct"
              >
                {t('records.correct.open')}
              </Button>
            )}
          </Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {correcting ? t('records.correct.title') : t('records.detail.values')}
          </Typography.Title>
          {version.error && <Alert type="warning" showIcon title={errorText(version.error, t)} />}
          {correcting && version.fields ? (
            <CorrectionForm
              record={record}
              fields={version.fields}
              onDone={() => setCorrecting(false)}
              onCancel={() => setCorrecting(false)}
            />
          ) : (
            <RecordValues fields={version.fields} values={record.values} anonymised={record.anonymised} />
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('records.detail.history')}
          </Typography.Title>
          {earlier.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.detail.noHistory')} />
          ) : (
            <Collapse
              size="small"
              data-testid="record-revisions"
              items={earlier.map((r) => ({
                key: r.id,
                label: revisionLabel(r, t),
                children: (
                  <RecordValues fields={version.fields} values={r.values} anonymised={r.anonymised} />
                ),
              }))}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
