import { AutoComplete, Button, Checkbox, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TEMPERATURE_RANGE, validateFields, type FieldSpec } from '../../../shared/form-fields.ts';
import { currentLang } from '../../i18n.ts';
import { loc } from './common.tsx';

/** An item list row as the form holds it while being typed. */
export interface ItemRow {
  item?: string;
  value?: number | null;
}

/** The form's value of one field turned into the answer the validator and the server expect. */
export function answerOf(spec: FieldSpec, value: unknown): unknown {
  if (spec.type === 'item_list' && Array.isArray(value))
    return (value as (ItemRow | undefined)[])
      .filter((r) => r && ((r.item ?? '').trim() !== '' || typeof r.value === 'number'))
      .map((r) => ({ item: (r?.item ?? '').trim(), value: r?.value ?? null }));
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value ?? undefined;
}

/** All answers of a form from its values: blanks left out, item rows tidied. */
export function answersOf(specs: readonly FieldSpec[], values: Record<string, unknown> | undefined) {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const answer = answerOf(spec, values?.[spec.key]);
    if (answer === undefined || (Array.isArray(answer) && answer.length === 0)) continue;
    out[spec.key] = answer;
  }
  return out;
}

/** The client runs the server's validator, one field at a time, on the tidied answer. */
function specRule(spec: FieldSpec) {
  return {
    validator: async (_: unknown, value: unknown) => {
      const answer = answerOf(spec, value);
      const [problem] = validateFields([spec], answer === undefined ? {} : { [spec.key]: answer }, 'values');
      if (problem) throw new Error(currentLang() === 'en-US' ? problem.reason.en : problem.reason.zh);
    },
  };
}

function ItemListInput({
  spec,
  name,
  rules,
}: {
  spec: FieldSpec;
  name: (string | number)[];
  rules: ReturnType<typeof specRule>[];
}) {
  const { t } = useTranslation();
  const suggestions = (spec.options ?? []).map((o) => ({ value: loc(o.label) || o.value }));
  const unit = spec.unit ? loc(spec.unit) : undefined;
  return (
    <Form.List name={name} rules={rules}>
      {(rows, { add, remove }, { errors }) => (
        <div data-testid={`item-list-${spec.key}`}>
          {rows.map((row) => (
            <div key={row.key} style={{ display: 'flex', gap: 8, marginBottom: 8, minWidth: 0 }}>
              <Form.Item name={[row.name, 'item']} noStyle>
                <AutoComplete
                  options={suggestions}
                  placeholder={t('records.detail.item')}
                  style={{ flex: 1, minWidth: 0 }}
                  filterOption
                />
              </Form.Item>
              <Form.Item name={[row.name, 'value']} noStyle>
                <InputNumber
                  placeholder={t('records.detail.amount')}
                  suffix={unit}
                  inputMode="decimal"
                  style={{ width: 120, flexShrink: 0 }}
                />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('records.common.remove')}
                onClick={() => remove(row.name)}
              />
            </div>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ item: '', value: null })}>
            {t('records.common.addItem')}
          </Button>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}

/** One answer of a record form, rendered by its FieldSpec type; the form's values live under `prefix`. */
export function RecordFieldInput({ spec, prefix = 'values' }: { spec: FieldSpec; prefix?: string }) {
  const { t } = useTranslation();
  const name = [prefix, spec.key];
  const common = {
    name,
    label: loc(spec.label),
    extra: spec.help ? loc(spec.help) : undefined,
    required: spec.required,
    rules: [specRule(spec)],
  };
  const unit = spec.unit ? loc(spec.unit) : undefined;
  const options = (spec.options ?? []).map((o) => ({ value: o.value, label: loc(o.label) }));
  switch (spec.type) {
    case 'text':
      return (
        <Form.Item {...common}>
          <Input maxLength={spec.max} />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item {...common}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={spec.max} showCount={!!spec.max} />
        </Form.Item>
      );
    case 'number':
      // No clamping on the input: the rule explains a value out of range instead of changing it.
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: '100%' }} inputMode="decimal" suffix={unit} />
        </Form.Item>
      );
    case 'temperature':
      return (
        <Form.Item
          {...common}
          extra={
            common.extra ?? `${spec.min ?? TEMPERATURE_RANGE.min}–${spec.max ?? TEMPERATURE_RANGE.max} °C`
          }
        >
          <InputNumber style={{ width: '100%' }} inputMode="decimal" step={0.1} precision={1} suffix="°C" />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common}>
          <Input type="date" />
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item {...common}>
          <Select allowClear options={options} />
        </Form.Item>
      );
    case 'multi_select':
      return (
        <Form.Item {...common}>
          <Checkbox.Group options={options} />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
        </Form.Item>
      );
    case 'photo':
      // Photos are taken on the entry screens; a correction keeps the one already stored.
      return (
        <Form.Item {...common}>
          <PhotoKept />
        </Form.Item>
      );
    case 'item_list':
      return (
        <Form.Item label={common.label} extra={common.extra} required={spec.required}>
          <ItemListInput spec={spec} name={name} rules={common.rules} />
        </Form.Item>
      );
  }
}

function PhotoKept({ value }: { value?: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      {value ? t('records.correct.photoKept') : t('records.correct.photoNone')}
    </Typography.Text>
  );
}
