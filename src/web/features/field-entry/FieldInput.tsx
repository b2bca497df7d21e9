import { useState, type ReactNode } from 'react';
import { AutoComplete, Button, Input, Radio, Tag, Typography, Upload } from 'antd';
import { CameraOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { loc, uploadPhoto } from './api.ts';

/** Readings a checkpoint volunteer taps most; anything else is typed on the numeric keypad. */
export const QUICK_TEMPERATURES = [36.0, 36.2, 36.3, 36.5, 36.6, 36.8] as const;
const FEVER_FROM = 37.3;
/** An option that means "none of the others" (symptoms: none) excludes the rest. */
const EXCLUSIVE_OPTION = 'none';

const BIG = { minHeight: 48, fontSize: 16 } as const;

interface FieldInputProps {
  spec: FieldSpec;
  value: unknown;
  onChange(value: unknown): void;
  error?: string;
  online: boolean;
  csrfToken: string;
}

/** Keeps what was typed until it reads as a number, so "36." survives while the dot is typed. */
function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) && String(n) === trimmed ? n : text;
}

function shown(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

function FieldFrame({ spec, error, children }: { spec: FieldSpec; error?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`field-${spec.key}`} style={{ marginBottom: 20 }}>
      <div style={{ fontSize: 16, fontWeight: 600, marginBottom: 8 }}>
        {loc(spec.label)}
        {spec.unit && spec.type !== 'temperature' && (
          <span style={{ fontWeight: 400, color: '#888' }}>（{loc(spec.unit)}）</span>
        )}
        {!spec.required && (
          <span style={{ fontWeight: 400, color: '#888', marginInlineStart: 6, fontSize: 13 }}>
            {t('fieldEntry.optional')}
          </span>
        )}
      </div>
      {children}
      {spec.help && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {loc(spec.help)}
        </Typography.Text>
      )}
      {error && (
        <Typography.Text type="danger" role="alert" style={{ display: 'block', marginTop: 4 }}>
          {error}
        </Typography.Text>
      )}
    </div>
  );
}

function Choice({
  options,
  value,
  onChange,
  invalid,
}: {
  options: { value: string; label: string }[];
  value: string | undefined;
  onChange(value: string): void;
  invalid: boolean;
}) {
  // Two or three choices share the row; more wrap as big buttons.
  const block = options.length <= 3;
  return (
    <Radio.Group
      optionType="button"
      buttonStyle="solid"
      size="large"
      block={block}
      value={value}
      onChange={(e) => onChange(String(e.target.value))}
      style={block ? { width: '100%' } : { display: 'flex', flexWrap: 'wrap', gap: 8 }}
    >
      {options.map((o) => (
        <Radio.Button
          key={o.value}
          value={o.value}
          style={{
            ...BIG,
            lineHeight: '46px',
            textAlign: 'center',
            ...(block ? {} : { borderRadius: 8, borderInlineStartWidth: 1 }),
            ...(invalid ? { borderColor: '#ff4d4f' } : {}),
          }}
        >
          {o.label}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

function TemperatureInput({
  value,
  onChange,
  invalid,
}: {
  value: unknown;
  onChange(v: unknown): void;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const reading = typeof value === 'number' ? value : undefined;
  return (
    <>
      <Input
        size="large"
        inputMode="decimal"
        enterKeyHint="done"
        suffix="°C"
        value={shown(value)}
        status={invalid ? 'error' : undefined}
        onChange={(e) => onChange(numberOrText(e.target.value))}
        style={{ fontSize: 22, maxWidth: 200 }}
      />
      <div style={{ marginTop: 8, color: '#888', fontSize: 13 }}>{t('fieldEntry.temperature.quick')}</div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8, marginTop: 4 }}>
        {QUICK_TEMPERATURES.map((q) => (
          <Button
            key={q}
            size="large"
            type={reading === q ? 'primary' : 'default'}
            style={BIG}
            onClick={() => onChange(q)}
          >
            {q.toFixed(1)}
          </Button>
        ))}
      </div>
      {reading !== undefined && reading >= FEVER_FROM && (
        <Typography.Text
          type="danger"
          strong
          style={{ display: 'block', marginTop: 6 }}
          data-testid="fever-warning"
        >
          {t('fieldEntry.temperature.fever')}
        </Typography.Text>
      )}
    </>
  );
}

interface ItemRow {
  item: string;
  value: unknown;
}

function ItemListInput({
  spec,
  value,
  onChange,
}: {
  spec: FieldSpec;
  value: unknown;
  onChange(v: unknown): void;
}) {
  const { t } = useTranslation();
  const rows: ItemRow[] = Array.isArray(value) ? (value as ItemRow[]) : [];
  const set = (next: ItemRow[]) => onChange(next.length === 0 ? undefined : next);
  const suggestions = (spec.options ?? []).map((o) => ({ value: loc(o.label) }));
  return (
    <div>
      {rows.map((row, index) => (
        <div key={index} style={{ display: 'flex', gap: 6, marginBottom: 8 }}>
          <AutoComplete
            size="large"
            options={suggestions.filter((s) => !rows.some((r, i) => i !== index && r.item === s.value))}
            value={row.item}
            placeholder={t('fieldEntry.itemList.item')}
            onChange={(item: string) => set(rows.map((r, i) => (i === index ? { ...r, item } : r)))}
            style={{ flex: 3, minWidth: 0 }}
          />
          <Input
            size="large"
            inputMode="decimal"
            placeholder={t('fieldEntry.itemList.value')}
            suffix={spec.unit ? loc(spec.unit) : undefined}
            value={shown(row.value)}
            onChange={(e) =>
              set(rows.map((r, i) => (i === index ? { ...r, value: numberOrText(e.target.value) } : r)))
            }
            style={{ flex: 2, minWidth: 0 }}
          />
          <Button
            size="large"
            icon={<DeleteOutlined />}
            aria-label={t('fieldEntry.itemList.remove')}
            onClick={() => set(rows.filter((_, i) => i !== index))}
          />
        </div>
      ))}
      <Button
        size="large"
        icon={<PlusOutlined />}
        block
        onClick={() => set([...rows, { item: '', value: undefined }])}
      >
        {t('fieldEntry.itemList.add')}
      </Button>
    </div>
  );
}

function PhotoInput({
  value,
  onChange,
  online,
  csrfToken,
}: {
  value: unknown;
  onChange(v: unknown): void;
  online: boolean;
  csrfToken: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (typeof value === 'string' && value) {
    return (
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <img
          src={`/api/record-photos/${encodeURIComponent(value)}`}
          alt={t('fieldEntry.photo.uploaded')}
          style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 8, background: '#f5f5f5' }}
        />
        <Button size="large" icon={<DeleteOutlined />} onClick={() => onChange(undefined)}>
          {t('fieldEntry.photo.remove')}
        </Button>
      </div>
    );
  }
  return (
    <>
      <Upload
        accept="image/*"
        showUploadList={false}
        disabled={!online || busy}
        customRequest={({ file }) => {
          if (!(file instanceof File)) return;
          setBusy(true);
          setProblem(null);
          uploadPhoto(file, csrfToken)
            .then((photo) => onChange(photo.id))
            .catch((error: unknown) => setProblem(`${t('fieldEntry.photo.failed')}: ${errorText(error, t)}`))
            .finally(() => setBusy(false));
        }}
      >
        <Button size="large" icon={<CameraOutlined />} loading={busy} disabled={!online} style={BIG}>
          {t('fieldEntry.photo.take')}
        </Button>
      </Upload>
      {!online && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {t('fieldEntry.photo.offline')}
        </Typography.Text>
      )}
      {problem && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }}>
          {problem}
        </Typography.Text>
      )}
    </>
  );
}

/** One answer of a record form, as a control sized for a thumb. */
export function FieldInput({ spec, value, onChange, error, online, csrfToken }: FieldInputProps) {
  const { t } = useTranslation();
  const invalid = error !== undefined;
  let control: ReactNode;
  switch (spec.type) {
    case 'text':
      control = (
        <Input
          size="large"
          value={shown(value)}
          maxLength={spec.max}
          status={invalid ? 'error' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'textarea':
      control = (
        <Input.TextArea
          value={shown(value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={spec.max}
          status={invalid ? 'error' : undefined}
          onChange={(e) => onChange(e.target.value)}
          style={{ fontSize: 16 }}
        />
      );
      break;
    case 'number':
      control = (
        <Input
          size="large"
          inputMode="decimal"
          value={shown(value)}
          suffix={spec.unit ? loc(spec.unit) : undefined}
          status={invalid ? 'error' : undefined}
          onChange={(e) => onChange(numberOrText(e.target.value))}
          style={{ maxWidth: 240 }}
        />
      );
      break;
    case 'date':
      control = (
        <Input
          size="large"
          type="date"
          value={shown(value)}
          status={invalid ? 'error' : undefined}
          onChange={(e) => onChange(e.target.value || undefined)}
          style={{ maxWidth: 240 }}
        />
      );
      break;
    case 'select':
      control = (
        <Choice
          options={(spec.options ?? []).map((o) => ({ value: o.value, label: loc(o.label) }))}
          value={typeof value === 'string' ? value : undefined}
          onChange={onChange}
          invalid={invalid}
        />
      );
      break;
    case 'boolean':
      control = (
        <Choice
          options={[
            { value: 'yes', label: t('fieldEntry.yes') },
            { value: 'no', label: t('fieldEntry.no') },
          ]}
          value={value === true ? 'yes' : value === false ? 'no' : undefined}
          onChange={(v) => onChange(v === 'yes')}
          invalid={invalid}
        />
      );
      break;
    case 'multi_select': {
      const chosen: string[] = Array.isArray(value) ? (value as string[]) : [];
      const toggle = (option: string, checked: boolean) => {
        let next = checked ? [...chosen, option] : chosen.filter((c) => c !== option);
        if (checked)
          next = option === EXCLUSIVE_OPTION ? [option] : next.filter((c) => c !== EXCLUSIVE_OPTION);
        onChange(next.length === 0 ? undefined : next);
      };
      control = (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {(spec.options ?? []).map((o) => (
            <Tag.CheckableTag
              key={o.value}
              checked={chosen.includes(o.value)}
              onChange={(checked) => toggle(o.value, checked)}
              style={{
                ...BIG,
                lineHeight: '46px',
                paddingInline: 16,
                marginInlineEnd: 0,
                border: `1px solid ${invalid ? '#ff4d4f' : '#d9d9d9'}`,
                borderRadius: 8,
              }}
            >
              {loc(o.label)}
            </Tag.CheckableTag>
          ))}
        </div>
      );
      break;
    }
    case 'temperature':
      control = <TemperatureInput value={value} onChange={onChange} invalid={invalid} />;
      break;
    case 'item_list':
      control = <ItemListInput spec={spec} value={value} onChange={onChange} />;
      break;
    case 'photo':
      control = <PhotoInput value={value} onChange={onChange} online={online} csrfToken={csrfToken} />;
      break;
  }
  return (
    <FieldFrame spec={spec} error={error}>
      {control}
    </FieldFrame>
  );
}

/**
 * Turns typed numbers into numbers and drops blank item rows, so the shared validator judges what the
 * user meant ("36.5" typed is 36.5), not the text box's string.
 */
export function coerceValues(
  specs: readonly FieldSpec[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const toNumber = (v: unknown): unknown => {
    if (typeof v !== 'string' || v.trim() === '') return v;
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : v;
  };
  for (const spec of specs) {
    const value = values[spec.key];
    if (value === undefined) continue;
    if (spec.type === 'number' || spec.type === 'temperature') out[spec.key] = toNumber(value);
    else if (spec.type === 'item_list' && Array.isArray(value))
      out[spec.key] = (value as ItemRow[])
        .filter((r) => r.item.trim() !== '' || shown(r.value).trim() !== '')
        .map((r) => ({ item: r.item, value: toNumber(r.value) }));
    else out[spec.key] = value;
  }
  return out;
}
