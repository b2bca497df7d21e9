import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FieldType } from '../../../shared/form-fields.ts';
import { FIELD_KEY_PATTERN, TAKES, type FieldRowValues } from './field-kinds.ts';

/**
 * What a form's fields may be, as its server schema allows: case types use CASE_FIELD_TYPES and no
 * units, record forms every type with units; the lengths are the schema's.
 */
export interface FieldListProfile {
  types: readonly FieldType[];
  /** Longest label of a field or an option. */
  labelMax: number;
  helpMax: number;
  /** Longest unit; absent where the form has no units. */
  unitMax?: number;
  /** The case-type schema takes no option without both labels; record forms fill a blank one from the value. */
  optionLabelsRequired: boolean;
  /** A record form needs a field; a case type may have none (title and description only). */
  atLeastOne: boolean;
}

const half = { xs: 24, sm: 12 };

function useRequired(): Rule {
  const { t } = useTranslation();
  return { required: true, whitespace: true, message: t('formFields.editor.required') };
}

/** zh + en inputs of one {zh, en} value, side by side on wide screens. */
export function LocalisedInputs({
  name,
  labels,
  required = false,
  max,
  long = false,
}: {
  name: (string | number)[];
  labels: [string, string];
  required?: boolean;
  max: number;
  /** A text area (descriptions) instead of one line. */
  long?: boolean;
}) {
  const requiredRule = useRequired();
  return (
    <Row gutter={12}>
      {(['zh', 'en'] as const).map((lang, i) => (
        <Col key={lang} {...half}>
          <Form.Item
            name={[...name, lang]}
            label={labels[i]}
            rules={required ? [requiredRule, { max }] : [{ max }]}
          >
            {long ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={max} />
            ) : (
              <Input maxLength={max} />
            )}
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** Up, down and remove for a row of a list. */
export function RowButtons({
  index,
  count,
  move,
  remove,
}: {
  index: number;
  count: number;
  move(from: number, to: number): void;
  remove(): void;
}) {
  const { t } = useTranslation();
  return (
    <Space size={0}>
      <Button
        type="text"
        size="small"
        icon={<ArrowUpOutlined />}
        disabled={index === 0}
        aria-label={t('formFields.editor.moveUp')}
        onClick={() => move(index, index - 1)}
      />
      <Button
        type="text"
        size="small"
        icon={<ArrowDownOutlined />}
        disabled={index === count - 1}
        aria-label={t('formFields.editor.moveDown')}
        onClick={() => move(index, index + 1)}
      />
      <Button
        type="text"
        size="small"
        danger
        icon={<DeleteOutlined />}
        aria-label={t('formFields.editor.remove')}
        onClick={remove}
      />
    </Space>
  );
}

function OptionsEditor({
  fieldName,
  type,
  profile,
}: {
  fieldName: number;
  type: FieldType;
  profile: FieldListProfile;
}) {
  const { t } = useTranslation();
  const requiredRule = useRequired();
  return (
    <Form.List
      name={[fieldName, 'options']}
      rules={[
        {
          validator: async (_, value: unknown[] | undefined) => {
            if (TAKES.needsOptions(type) && (value ?? []).length === 0)
              throw new Error(t('formFields.editor.optionsRequired'));
          },
        },
      ]}
    >
      {(rows, { add, remove, move }, { errors }) => (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong>
            {type === 'item_list' ? t('formFields.editor.suggestedItems') : t('formFields.editor.options')}
          </Typography.Text>
          {rows.map((row, index) => (
            <div
              key={row.key}
              style={{ borderInlineStart: '3px solid #e6e6e6', paddingInlineStart: 8, marginTop: 8 }}
            >
              <Row gutter={8} align="middle" wrap={false}>
                <Col flex="auto" style={{ minWidth: 0 }}>
                  <Form.Item
                    name={[row.name, 'value']}
                    label={t('formFields.editor.optionValue')}
                    rules={[requiredRule, { max: 60 }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input maxLength={60} autoCapitalize="off" />
                  </Form.Item>
                </Col>
                <Col>
                  <RowButtons index={index} count={rows.length} move={move} remove={() => remove(row.name)} />
                </Col>
              </Row>
              <LocalisedInputs
                name={[row.name, 'label']}
                required={profile.optionLabelsRequired}
                max={profile.labelMax}
                labels={[t('formFields.editor.labelZh'), t('formFields.editor.labelEn')]}
              />
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            size="small"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() => add({ value: '', label: { zh: '', en: '' } })}
          >
            {t('formFields.editor.addOption')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function FieldRow({
  name,
  index,
  count,
  move,
  remove,
  profile,
}: {
  name: number;
  index: number;
  count: number;
  move(from: number, to: number): void;
  remove(): void;
  profile: FieldListProfile;
}) {
  const { t } = useTranslation();
  const requiredRule = useRequired();
  const form = Form.useFormInstance();
  const type = (Form.useWatch(['fields', name, 'type'], form) as FieldType | undefined) ?? 'text';
  const key = Form.useWatch(['fields', name, 'key'], form) as string | undefined;
  const unique: Rule = {
    validator: async (_, value: string | undefined) => {
      const all = (form.getFieldValue('fields') as FieldRowValues[] | undefined) ?? [];
      if (value && all.filter((f) => f?.key?.trim() === value.trim()).length > 1)
        throw new Error(t('formFields.editor.duplicateKey'));
    },
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={`#${index + 1}${key ? ` ${key}` : ''}`}
      extra={<RowButtons index={index} count={count} move={move} remove={remove} />}
      data-testid="field-row"
    >
      <Row gutter={12}>
        <Col xs={24} sm={10}>
          <Form.Item
            name={[name, 'key']}
            label={t('formFields.editor.key')}
            tooltip={t('formFields.editor.keyHelp')}
            rules={[
              requiredRule,
              { pattern: FIELD_KEY_PATTERN, message: t('formFields.editor.keyInvalid') },
              unique,
            ]}
          >
            <Input maxLength={40} autoCapitalize="off" />
          </Form.Item>
        </Col>
        <Col xs={16} sm={9}>
          <Form.Item name={[name, 'type']} label={t('formFields.editor.type')}>
            <Select
              options={profile.types.map((ft) => ({ value: ft, label: t(`formFields.types.${ft}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={8} sm={5}>
          <Form.Item
            name={[name, 'required']}
            label={t('formFields.editor.required')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <LocalisedInputs
        name={[name, 'label']}
        required
        max={profile.labelMax}
        labels={[t('formFields.editor.labelZh'), t('formFields.editor.labelEn')]}
      />
      {TAKES.range(type) && (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={[name, 'min']} label={t('formFields.editor.min')}>
              <InputNumber style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={[name, 'max']} label={t('formFields.editor.max')}>
              <InputNumber style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          </Col>
        </Row>
      )}
      {TAKES.length(type) && (
        <Form.Item name={[name, 'max']} label={t('formFields.editor.maxLength')}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {TAKES.unit(type) && profile.unitMax !== undefined && (
        <LocalisedInputs
          name={[name, 'unit']}
          max={profile.unitMax}
          labels={[t('formFields.editor.unitZh'), t('formFields.editor.unitEn')]}
        />
      )}
      {TAKES.options(type) && <OptionsEditor fieldName={name} type={type} profile={profile} />}
      <LocalisedInputs
        name={[name, 'help']}
        max={profile.helpMax}
        labels={[t('formFields.editor.helpZh'), t('formFields.editor.helpEn')]}
      />
    </Card>
  );
}

/**
 * The fields of a form (at `fields` in the surrounding antd Form), edited row by row: key, type,
 * label, limits, unit and options as the type takes them; reorder and remove. The values mirror the
 * request body (fields.0.label.zh, fields.2.options.1.value…) so the server's field errors land here.
 */
export function FieldListEditor({ profile, emptyHint }: { profile: FieldListProfile; emptyHint?: string }) {
  const { t } = useTranslation();
  const rules: Parameters<typeof Form.List>[0]['rules'] = profile.atLeastOne
    ? [
        {
          validator: async (_, value: unknown[] | undefined) => {
            if ((value ?? []).length === 0) throw new Error(t('formFields.editor.fieldsRequired'));
          },
        },
      ]
    : undefined;
  return (
    <Form.List name="fields" rules={rules}>
      {(rows, { add, remove, move }, { errors }) => (
        <>
          {rows.length === 0 && (
            <Typography.Paragraph type="secondary">
              {emptyHint ?? t('formFields.editor.empty')}
            </Typography.Paragraph>
          )}
          {rows.map((row, index) => (
            <FieldRow
              key={row.key}
              name={row.name}
              index={index}
              count={rows.length}
              move={move}
              remove={() => remove(row.name)}
              profile={profile}
            />
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => {
              const row: FieldRowValues = {
                key: '',
                type: 'text',
                required: false,
                label: { zh: '', en: '' },
                options: [],
                help: { zh: '', en: '' },
              };
              if (profile.unitMax !== undefined) row.unit = { zh: '', en: '' };
              add(row);
            }}
            data-testid="add-field"
          >
            {t('formFields.editor.addField')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
