import type { ReactNode } from 'react';
import { Descriptions, Empty, Image, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import { currentLang } from '../../i18n.ts';
import { recordsApi, type Localised, type RecordForm } from './api.ts';

/** A body temperature at or above this is a fever (the checkpoint rule's threshold). */
export const FEVER_AT = 37.3;

export const FORMS_KEY = ['records', 'forms'] as const;

/** The localised text of a {zh, en} pair (or a plain string). */
export function loc(value: Localised | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return currentLang() === 'en-US' ? value.en || value.zh : value.zh || value.en;
}

/** Today's reporting day (Asia/Shanghai), and a day n days before a given one. */
export function today(): string {
  return reportingDay(new Date());
}

export function addDays(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

/** The current version of every active form, once per session. */
export function useRecordForms() {
  return useQuery({ queryKey: FORMS_KEY, queryFn: recordsApi.forms, staleTime: 10 * 60_000 });
}

/** The fields a record was made under: its own form version, not the current one. */
export function useFormVersionFields(formKey: string | undefined, version: number | undefined) {
  const versions = useQuery({
    queryKey: ['records', 'versions', formKey],
    queryFn: () => recordsApi.versions(formKey ?? ''),
    enabled: Boolean(formKey),
    staleTime: 10 * 60_000,
  });
  const form: RecordForm | undefined =
    versions.data?.items.find((f) => f.version === version) ?? versions.data?.items[0];
  return { fields: form?.fields, form, isPending: versions.isPending, error: versions.error };
}

export function isFever(value: unknown): boolean {
  return typeof value === 'number' && value >= FEVER_AT;
}

function optionLabel(spec: FieldSpec, value: unknown): string {
  const option = spec.options?.find((o) => o.value === value);
  return option ? loc(option.label) : String(value);
}

function isItemList(value: unknown): value is { item: string; value: number }[] {
  return (
    Array.isArray(value) &&
    value.every((v) => typeof v === 'object' && v !== null && 'item' in v && 'value' in v)
  );
}

/** One answer as the reader sees it: label of the option, unit, fever highlighted, items as a table. */
export function FieldValue({ spec, value }: { spec: FieldSpec | undefined; value: unknown }): ReactNode {
  const { t } = useTranslation();
  if (value === undefined || value === null || value === '') return '—';
  const unit = spec?.unit ? ` ${loc(spec.unit)}` : '';
  if (spec?.type === 'temperature') {
    const fever = isFever(value);
    return (
      <Tag color={fever ? 'red' : 'default'} data-testid={fever ? 'fever' : undefined}>
        {`${String(value)} °C`}
        {fever ? ` · ${t('records.detail.fever')}` : ''}
      </Tag>
    );
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (spec?.type === 'select') return optionLabel(spec, value);
  if (Array.isArray(value) && (spec?.type === 'multi_select' || value.every((v) => typeof v === 'string')))
    return (
      <span>
        {value.map((v) => (
          <Tag key={String(v)}>{spec ? optionLabel(spec, v) : String(v)}</Tag>
        ))}
      </span>
    );
  if (isItemList(value))
    return (
      <Table
        size="small"
        rowKey="item"
        pagination={false}
        dataSource={value}
        style={{ maxWidth: 360 }}
        columns={[
          { title: t('records.detail.item'), dataIndex: 'item' },
          {
            title: `${t('records.detail.amount')}${unit}`,
            dataIndex: 'value',
            align: 'right',
            width: 110,
          },
        ]}
      />
    );
  if (spec?.type === 'photo' && typeof value === 'string')
    return <Image width={96} src={recordsApi.photoUrl(value)} alt={loc(spec.label)} />;
  if (typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  return `${String(value)}${unit}`;
}

/** A record's values, labelled by its form's fields; values no field names (an older form) last, by key. */
export function RecordValues({
  fields,
  values,
  anonymised,
}: {
  fields: FieldSpec[] | undefined;
  values: Record<string, unknown>;
  anonymised?: boolean;
}) {
  const { t } = useTranslation();
  if (anonymised && Object.keys(values).length === 0)
    return <Typography.Text type="secondary">{t('records.detail.anonymised')}</Typography.Text>;
  const specs = fields ?? [];
  const known = new Set(specs.map((s) => s.key));
  const items = [
    ...specs.map((spec) => ({
      key: spec.key,
      label: loc(spec.label),
      children: <FieldValue spec={spec} value={values[spec.key]} />,
    })),
    ...Object.keys(values)
      .filter((k) => !known.has(k))
      .map((k) => ({ key: k, label: k, children: <FieldValue spec={undefined} value={values[k]} /> })),
  ];
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={items}
      styles={{ label: { width: '40%', minWidth: 96 } }}
      data-testid="record-values"
    />
  );
}

/** A short one-line summary of a record's values for a list row: the first few answers. */
export function valuesSummary(
  fields: FieldSpec[] | undefined,
  values: Record<string, unknown>,
  yes: string,
  no: string,
): string {
  const parts: string[] = [];
  for (const spec of fields ?? []) {
    const value = values[spec.key];
    if (value === undefined || value === null || value === '') continue;
    let text: string;
    if (typeof value === 'boolean') text = value ? yes : no;
    else if (spec.type === 'select') text = optionLabel(spec, value);
    else if (Array.isArray(value))
      text = isItemList(value)
        ? value.map((v) => `${v.item} ${v.value}`).join('、')
        : value.map((v) => optionLabel(spec, v)).join('、');
    else if (spec.type === 'temperature') text = `${String(value)} °C`;
    else text = `${String(value)}${spec.unit ? loc(spec.unit) : ''}`;
    parts.push(`${loc(spec.label)} ${text}`);
    if (parts.length >= 3) break;
  }
  return parts.join(' · ');
}

/** Any fever among a record's temperature answers (for a red mark in lists). */
export function hasFever(fields: FieldSpec[] | undefined, values: Record<string, unknown>): boolean {
  return (fields ?? []).some((s) => s.type === 'temperature' && isFever(values[s.key]));
}

/** A rate 0–1 as a whole percent, or a dash when nothing was expected. */
export function percent(rate: number | null | undefined): string {
  return typeof rate === 'number' ? `${Math.round(rate * 1000) / 10}%` : '—';
}
