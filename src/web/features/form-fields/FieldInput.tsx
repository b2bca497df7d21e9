import { useState, type ReactNode } from 'react';
import {
  AutoComplete,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { CameraOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TEMPERATURE_RANGE, validateFields, type FieldSpec } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { currentLang } from '../../i18n.ts';
import { answerOf, type ItemRow } from './answers.ts';
import { loc } from './loc.ts';

/**
 * `thumb`: large one-thumb controls for a phone at a gate or a door (tap a choice, a common temperature);
 * `compact`: antd's desk-sized controls (correction forms, case forms, editors' previews).
 */
export type FieldInputSize = 'thumb' | 'compact';

/** Taking a photo: only where the caller can upload one (field entry); elsewhere a stored photo is kept. */
export interface PhotoUpload {
  online: boolean;
  upload(file: File): Promise<{ id: string }>;
}

interface CommonProps {
  spec: FieldSpec;
  size?: FieldInputSize;
  photo?: PhotoUpload;
}

/** The answer lives in the surrounding antd Form at [prefix, spec.key] and is checked there. */
interface InFormProps extends CommonProps {
  prefix: string;
}

/** The caller holds the answer (field entry keeps it across passes and queues it offline). */
interface ControlledProps extends CommonProps {
  value: unknown;
  onChange(value: unknown): void;
  error?: string;
}

export type FieldInputProps = InFormProps | ControlledProps;

/** Readings a checkpoint volunteer taps most; anything else is typed on the numeric keypad. */
const QUICK_TEMPERATURES = [36.0, 36.2, 36.3, 36.5, 36.6, 36.8] as const;
const FEVER_FROM = 37.3;
/** An option that means "none of the others" (symptoms: none) excludes the rest. */
const EXCLUSIVE_OPTION = 'none';
const BIG = { minHeight: 48, fontSize: 16 } as const;

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

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

interface ControlProps {
  spec: FieldSpec;
  size: FieldInputSize;
  /** From a Form.Item: the label points at it and scrollToFirstError finds it. */
  id?: string;
  value?: unknown;
  onChange?(value: unknown): void;
  /** Thumb controls mark themselves; compact ones take the status from their Form.Item. */
  invalid?: boolean;
  photo?: PhotoUpload;
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

function MultiChoice({
  options,
  value,
  onChange,
  invalid,
}: {
  options: { value: string; label: string }[];
  value: unknown;
  onChange(value: unknown): void;
  invalid: boolean;
}) {
  const chosen: string[] = Array.isArray(value) ? (value as string[]) : [];
  const toggle = (option: string, checked: boolean) => {
    let next = checked ? [...chosen, option] : chosen.filter((c) => c !== option);
    if (checked) next = option === EXCLUSIVE_OPTION ? [option] : next.filter((c) => c !== EXCLUSIVE_OPTION);
    onChange(next.length === 0 ? undefined : next);
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {options.map((o) => (
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
          {o.label}
        </Tag.CheckableTag>
      ))}
    </div>
  );
}

function QuickTemperature({ value, onChange }: { value: unknown; onChange(v: unknown): void }) {
  const { t } = useTranslation();
  const reading = typeof value === 'number' ? value : undefined;
  return (
    <>
      <div style={{ marginTop: 8, color: '#888', fontSize: 13 }}>{t('formFields.temperature.quick')}</div>
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
          {t('formFields.temperature.fever')}
        </Typography.Text>
      )}
    </>
  );
}

function ItemListInput({
  spec,
  size,
  id,
  value,
  onChange,
}: Omit<ControlProps, 'onChange'> & { onChange(v: unknown): void }) {
  const { t } = useTranslation();
  const thumb = size === 'thumb';
  const rows: ItemRow[] = Array.isArray(value) ? (value as ItemRow[]) : [];
  const set = (next: ItemRow[]) => onChange(next.length === 0 ? undefined : next);
  const setRow = (index: number, patch: ItemRow) =>
    set(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const suggestions = (spec.options ?? []).map((o) => ({ value: loc(o.label) || o.value }));
  const unit = spec.unit ? loc(spec.unit) : undefined;
  return (
    <div id={id} data-testid={`item-list-${spec.key}`}>
      {rows.map((row, index) => (
        <div key={index} style={{ display: 'flex', gap: thumb ? 6 : 8, marginBottom: 8, minWidth: 0 }}>
          <AutoComplete
            size={thumb ? 'large' : undefined}
            // A name already listed is not suggested again.
            options={suggestions.filter((s) => !rows.some((r, i) => i !== index && r.item === s.value))}
            value={row.item ?? ''}
            placeholder={t('formFields.itemList.item')}
            onChange={(item: string) => setRow(index, { item })}
            style={{ flex: 3, minWidth: 0 }}
          />
          {thumb ? (
            <Input
              size="large"
              inputMode="decimal"
              placeholder={t('formFields.itemList.value')}
              suffix={unit}
              value={shown(row.value)}
              onChange={(e) => setRow(index, { value: numberOrText(e.target.value) })}
              style={{ flex: 2, minWidth: 0 }}
            />
          ) : (
            <InputNumber
              placeholder={t('formFields.itemList.value')}
              suffix={unit}
              inputMode="decimal"
              value={numberOrNull(row.value)}
              onChange={(v) => setRow(index, { value: v })}
              style={{ width: 120, flexShrink: 0 }}
            />
          )}
          <Button
            size={thumb ? 'large' : undefined}
            type={thumb ? 'default' : 'text'}
            danger={!thumb}
            icon={<DeleteOutlined />}
            aria-label={t('formFields.itemList.remove')}
            onClick={() => set(rows.filter((_, i) => i !== index))}
          />
        </div>
      ))}
      <Button
        size={thumb ? 'large' : 'small'}
        icon={<PlusOutlined />}
        block={thumb}
        onClick={() => set([...rows, { item: '', value: undefined }])}
      >
        {t('formFields.itemList.add')}
      </Button>
    </div>
  );
}

function PhotoInput({
  value,
  onChange,
  photo,
  size,
}: {
  value: unknown;
  onChange(v: unknown): void;
  photo: PhotoUpload;
  size: FieldInputSize;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const large = size === 'thumb' ? 'large' : undefined;
  if (typeof value === 'string' && value) {
    return (
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <img
          src={`/api/record-photos/${encodeURIComponent(value)}`}
          alt={t('formFields.photo.uploaded')}
          style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 8, background: '#f5f5f5' }}
        />
        <Button size={large} icon={<DeleteOutlined />} onClick={() => onChange(undefined)}>
          {t('formFields.photo.remove')}
        </Button>
      </div>
    );
  }
  return (
    <>
      <Upload
        accept="image/*"
        showUploadList={false}
        disabled={!photo.online || busy}
        customRequest={({ file }) => {
          if (!(file instanceof File)) return;
          setBusy(true);
          setProblem(null);
          photo
            .upload(file)
            .then((stored) => onChange(stored.id))
            .catch((error: unknown) => setProblem(`${t('formFields.photo.failed')}: ${errorText(error, t)}`))
            .finally(() => setBusy(false));
        }}
      >
        <Button
          size={large}
          icon={<CameraOutlined />}
          loading={busy}
          disabled={!photo.online}
          style={size === 'thumb' ? BIG : undefined}
        >
          {t('formFields.photo.take')}
        </Button>
      </Upload>
      {!photo.online && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {t('formFields.photo.offline')}
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

/** The control of one FieldSpec type, in either size; value and onChange come from the caller or a Form.Item. */
function FieldControl({
  spec,
  size,
  id,
  value,
  onChange = () => undefined,
  invalid = false,
  photo,
}: ControlProps) {
  const { t } = useTranslation();
  const thumb = size === 'thumb';
  const status = invalid ? 'error' : undefined;
  const unit = spec.unit ? loc(spec.unit) : undefined;
  const options = (spec.options ?? []).map((o) => ({ value: o.value, label: loc(o.label) }));
  switch (spec.type) {
    case 'text':
      return (
        <Input
          id={id}
          size={thumb ? 'large' : undefined}
          value={shown(value)}
          maxLength={spec.max}
          showCount={!thumb && !!spec.max}
          status={status}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'textarea':
      return (
        <Input.TextArea
          id={id}
          value={shown(value)}
          autoSize={{ minRows: 2, maxRows: thumb ? 6 : 8 }}
          maxLength={spec.max}
          showCount={!thumb && !!spec.max}
          status={status}
          onChange={(e) => onChange(e.target.value)}
          style={thumb ? { fontSize: 16 } : undefined}
        />
      );
    case 'number':
      // No clamping on the input: the validator explains a value out of range instead of changing it.
      return thumb ? (
        <Input
          size="large"
          inputMode="decimal"
          value={shown(value)}
          suffix={unit}
          status={status}
          onChange={(e) => onChange(numberOrText(e.target.value))}
          style={{ maxWidth: 240 }}
        />
      ) : (
        <InputNumber
          id={id}
          style={{ width: '100%' }}
          inputMode="decimal"
          suffix={unit}
          value={numberOrNull(value)}
          onChange={onChange}
        />
      );
    case 'temperature':
      return thumb ? (
        <>
          <Input
            size="large"
            inputMode="decimal"
            enterKeyHint="done"
            suffix="°C"
            value={shown(value)}
            status={status}
            onChange={(e) => onChange(numberOrText(e.target.value))}
            style={{ fontSize: 22, maxWidth: 200 }}
          />
          <QuickTemperature value={value} onChange={onChange} />
        </>
      ) : (
        <InputNumber
          id={id}
          style={{ width: '100%' }}
          inputMode="decimal"
          step={0.1}
          precision={1}
          suffix="°C"
          value={numberOrNull(value)}
          onChange={onChange}
        />
      );
    case 'date':
      return (
        <Input
          id={id}
          size={thumb ? 'large' : undefined}
          type="date"
          value={shown(value)}
          status={status}
          onChange={(e) => onChange(e.target.value || undefined)}
          style={thumb ? { maxWidth: 240 } : undefined}
        />
      );
    case 'select':
      return thumb ? (
        <Choice
          options={options}
          value={typeof value === 'string' ? value : undefined}
          onChange={onChange}
          invalid={invalid}
        />
      ) : (
        <Select
          id={id}
          allowClear
          options={options}
          value={typeof value === 'string' ? value : undefined}
          onChange={(v: string | undefined) => onChange(v)}
        />
      );
    case 'boolean':
      return thumb ? (
        <Choice
          options={[
            { value: 'yes', label: t('formFields.yes') },
            { value: 'no', label: t('formFields.no') },
          ]}
          value={value === true ? 'yes' : value === false ? 'no' : undefined}
          onChange={(v) => onChange(v === 'yes')}
          invalid={invalid}
        />
      ) : (
        <Switch
          id={id}
          checked={value === true}
          onChange={onChange}
          checkedChildren={t('formFields.yes')}
          unCheckedChildren={t('formFields.no')}
        />
      );
    case 'multi_select':
      return thumb ? (
        <MultiChoice options={options} value={value} onChange={onChange} invalid={invalid} />
      ) : (
        <div id={id}>
          <Checkbox.Group
            options={options}
            value={Array.isArray(value) ? (value as string[]) : []}
            onChange={(v) => onChange(v.length === 0 ? undefined : v)}
          />
        </div>
      );
    case 'item_list':
      return <ItemListInput spec={spec} size={size} id={id} value={value} onChange={onChange} />;
    case 'photo':
      if (photo) return <PhotoInput value={value} onChange={onChange} photo={photo} size={size} />;
      // Without an upload (corrections, previews) the photo already stored is kept.
      return (
        <Typography.Text type="secondary">
          {typeof value === 'string' && value ? t('formFields.photo.kept') : t('formFields.photo.none')}
        </Typography.Text>
      );
  }
}

/** The caller's label, unit, "optional", help and error around a thumb control; tests find it by key. */
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
            {t('formFields.optional')}
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

/** The form runs the server's validator on this one field's tidied answer. */
function specRule(spec: FieldSpec): Rule {
  return {
    validator: async (_, value: unknown) => {
      const answer = answerOf(spec, value);
      const [problem] = validateFields([spec], answer === undefined ? {} : { [spec.key]: answer }, 'values');
      if (problem) throw new Error(currentLang() === 'en-US' ? problem.reason.en : problem.reason.zh);
    },
  };
}

/**
 * One answer of a form (a case type's or a daily record's), drawn from its FieldSpec: inside an antd
 * Form when given `prefix`, else held by the caller with `value`/`onChange`/`error`.
 */
export function FieldInput(props: FieldInputProps) {
  const { spec, photo } = props;
  if ('prefix' in props) {
    const size = props.size ?? 'compact';
    const help = spec.help ? loc(spec.help) : undefined;
    const range =
      spec.type === 'temperature'
        ? `${spec.min ?? TEMPERATURE_RANGE.min}–${spec.max ?? TEMPERATURE_RANGE.max} °C`
        : undefined;
    return (
      <Form.Item
        name={[props.prefix, spec.key]}
        label={loc(spec.label)}
        extra={help ?? range}
        required={spec.required}
        rules={[specRule(spec)]}
      >
        <FieldControl spec={spec} size={size} photo={photo} />
      </Form.Item>
    );
  }
  const { value, onChange, error } = props;
  return (
    <FieldFrame spec={spec} error={error}>
      <FieldControl
        spec={spec}
        size={props.size ?? 'thumb'}
        value={value}
        onChange={onChange}
        invalid={error !== undefined}
        photo={photo}
      />
    </FieldFrame>
  );
}
