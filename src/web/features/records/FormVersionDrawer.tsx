import { useMemo } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES, type FieldType } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { placeServerErrors } from '../case-admin/formErrors.ts';
import { recordsApi, type RecordForm } from './api.ts';
import { loc } from './common.tsx';
import {
  FIELD_KEY_PATTERN,
  TAKES,
  fieldChanges,
  previewSpecs,
  toFieldSpec,
  toVersionBody,
  toVersionValues,
  type FormVersionValues,
  type RecordFieldValues,
} from './formVersion.ts';
import { RecordFieldInput } from './RecordFieldInput.tsx';

const half = { xs: 24, sm: 12 };

function useRules() {
  const { t } = useTranslation();
  const required: Rule = { required: true, whitespace: true, message: t('records.common.required') };
  return { required };
}

/** zh + en inputs of one {zh, en} value, side by side on wide screens. */
function LocalisedInputs({
  name,
  labels,
  required = false,
  max = 100,
}: {
  name: (string | number)[];
  labels: [string, string];
  required?: boolean;
  max?: number;
}) {
  const rules = useRules();
  return (
    <Row gutter={12}>
      {(['zh', 'en'] as const).map((lang, i) => (
        <Col key={lang} {...half}>
          <Form.Item
            name={[...name, lang]}
            label={labels[i]}
            rules={required ? [rules.required, { max }] : [{ max }]}
          >
            <Input maxLength={max} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

function RowButtons({
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
        aria-label={t('records.forms.moveUp')}
        onClick={() => move(index, index - 1)}
      />
      <Button
        type="text"
        size="small"
        icon={<ArrowDownOutlined />}
        disabled={index === count - 1}
        aria-label={t('records.forms.moveDown')}
        onClick={() => move(index, index + 1)}
      />
      <Button
        type="text"
        size="small"
        danger
        icon={<DeleteOutlined />}
        aria-label={t('records.common.remove')}
        onClick={remove}
      />
    </Space>
  );
}

function OptionsEditor({ fieldName, type }: { fieldName: number; type: FieldType }) {
  const { t } = useTranslation();
  const rules = useRules();
  return (
    <Form.List
      name={[fieldName, 'options']}
      rules={[
        {
          validator: async (_, value: unknown[] | undefined) => {
            if (TAKES.needsOptions(type) && (value ?? []).length === 0)
              throw new Error(t('records.forms.optionsRequired'));
          },
        },
      ]}
    >
      {(rows, { add, remove, move }, { errors }) => (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong>
            {type === 'item_list' ? t('records.forms.suggestedItems') : t('records.forms.options')}
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
                    label={t('records.forms.optionValue')}
                    rules={[rules.required, { max: 60 }]}
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
                labels={[t('records.forms.labelZh'), t('records.forms.labelEn')]}
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
            {t('records.forms.addOption')}
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
}: {
  name: number;
  index: number;
  count: number;
  move(from: number, to: number): void;
  remove(): void;
}) {
  const { t } = useTranslation();
  const rules = useRules();
  const form = Form.useFormInstance<FormVersionValues>();
  const type = (Form.useWatch(['fields', name, 'type'], form) as FieldType | undefined) ?? 'text';
  const key = Form.useWatch(['fields', name, 'key'], form) as string | undefined;
  const unique: Rule = {
    validator: async (_, value: string | undefined) => {
      const all = (form.getFieldValue('fields') as RecordFieldValues[] | undefined) ?? [];
      if (value && all.filter((f) => f?.key?.trim() === value.trim()).length > 1)
        throw new Error(t('records.forms.duplicateKey'));
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
            label={t('records.forms.key')}
            tooltip={t('records.forms.keyHelp')}
            rules={[
              rules.required,
              { pattern: FIELD_KEY_PATTERN, message: t('records.forms.keyInvalid') },
              unique,
            ]}
          >
            <Input maxLength={40} autoCapitalize="off" />
          </Form.Item>
        </Col>
        <Col xs={16} sm={9}>
          <Form.Item name={[name, 'type']} label={t('records.forms.type')}>
            <Select
              options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(`records.fieldTypes.${ft}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={8} sm={5}>
          <Form.Item name={[name, 'required']} label={t('records.forms.required')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <LocalisedInputs
        name={[name, 'label']}
        required
        labels={[t('records.forms.labelZh'), t('records.forms.labelEn')]}
      />
      {TAKES.range(type) && (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={[name, 'min']} label={t('records.forms.min')}>
              <InputNumber style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={[name, 'max']} label={t('records.forms.max')}>
              <InputNumber style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          </Col>
        </Row>
      )}
      {TAKES.length(type) && (
        <Form.Item name={[name, 'max']} label={t('records.forms.maxLength')}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {TAKES.unit(type) && (
        <LocalisedInputs
          name={[name, 'unit']}
          max={20}
          labels={[t('records.forms.unitZh'), t('records.forms.unitEn')]}
        />
      )}
      {TAKES.options(type) && <OptionsEditor fieldName={name} type={type} />}
      <LocalisedInputs
        name={[name, 'help']}
        max={300}
        labels={[t('records.forms.helpZh'), t('records.forms.helpEn')]}
      />
    </Card>
  );
}

function FieldsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List
      name="fields"
      rules={[
        {
          validator: async (_, value: unknown[] | undefined) => {
            if ((value ?? []).length === 0) throw new Error(t('records.forms.fieldsRequired'));
          },
        },
      ]}
    >
      {(rows, { add, remove, move }, { errors }) => (
        <>
          {rows.map((row, index) => (
            <FieldRow
              key={row.key}
              name={row.name}
              index={index}
              count={rows.length}
              move={move}
              remove={() => remove(row.name)}
            />
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() =>
              add({
                key: '',
                type: 'text',
                required: false,
                label: { zh: '', en: '' },
                options: [],
                unit: { zh: '', en: '' },
                help: { zh: '', en: '' },
              })
            }
            data-testid="add-field"
          >
            {t('records.forms.addField')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** The entry form as a field worker will see it, drawn by the same inputs the correction form uses. */
function Preview({ current }: { current: RecordForm }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FormVersionValues>();
  const fields = Form.useWatch('fields', form);
  const specs = useMemo(() => previewSpecs(fields), [fields]);
  const changes = useMemo(
    () => fieldChanges(current.fields, (fields ?? []).map(toFieldSpec)),
    [current.fields, fields],
  );
  const changed = changes.added.length + changes.removed.length + changes.changed.length > 0;
  return (
    <Card size="small" title={t('records.forms.preview')} data-testid="form-preview">
      {changed && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('records.forms.changes', {
            added: changes.added.join('、') || '—',
            removed: changes.removed.join('、') || '—',
            changed: changes.changed.join('、') || '—',
          })}
        />
      )}
      {/* A form of its own: trying the preview never touches the version being edited. */}
      <Form layout="vertical" component="div" name="formPreview">
        {specs.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.forms.previewEmpty')} />
        ) : (
          specs.map((spec) => (
            <RecordFieldInput key={`${spec.key}.${spec.type}`} spec={spec} prefix="preview" />
          ))
        )}
      </Form>
    </Card>
  );
}

/**
 * A new version of a form, edited field by field with a live preview. Records made under earlier
 * versions keep theirs.
 */
export function FormVersionDrawer({ form: current, onClose }: { form: RecordForm | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const [editor] = Form.useForm<FormVersionValues>();
  const initialValues = useMemo(() => (current ? toVersionValues(current) : {}), [current]);
  const save = useMutation({
    mutationFn: (values: FormVersionValues) =>
      current
        ? recordsApi.newVersion(current.key, toVersionBody(values, current))
        : Promise.reject(new Error()),
    onSuccess: async (saved) => {
      void message.success(t('records.forms.versionSaved', { version: saved.version }));
      onClose();
      await client.invalidateQueries({ queryKey: ['records'] });
    },
    onError: (error) => {
      const unplaced = placeServerErrors(editor, error);
      void message.error([errorText(error, t), ...unplaced.map((d) => `${d.field}: ${d.reason}`)].join('；'));
    },
  });
  const wide = Boolean(screens.lg);
  return (
    <Drawer
      open={Boolean(current)}
      onClose={onClose}
      size={wide ? 1100 : screens.md ? 720 : '100%'}
      destroyOnHidden
      title={
        current
          ? t('records.forms.newVersionOf', { name: loc(current.name), version: current.version + 1 })
          : ''
      }
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => editor.submit()}
            data-testid="version-save"
          >
            {t('records.forms.saveVersion')}
          </Button>
        </Space>
      }
    >
      {current && (
        <Form<FormVersionValues>
          form={editor}
          layout="vertical"
          name="formVersion"
          initialValues={initialValues}
          scrollToFirstError
          onFinish={(values) => save.mutate(values)}
        >
          <Row gutter={24}>
            <Col xs={24} lg={15}>
              <Typography.Paragraph type="secondary">{t('records.forms.versionNote')}</Typography.Paragraph>
              <LocalisedInputs
                name={['name']}
                required
                labels={[t('records.forms.nameZh'), t('records.forms.nameEn')]}
              />
              <LocalisedInputs
                name={['description']}
                max={1000}
                labels={[t('records.forms.descriptionZh'), t('records.forms.descriptionEn')]}
              />
              <Typography.Title level={5}>{t('records.forms.fields')}</Typography.Title>
              <FieldsEditor />
            </Col>
            <Col xs={24} lg={9}>
              <div style={wide ? { position: 'sticky', top: 0 } : { marginTop: 24 }}>
                <Preview current={current} />
              </div>
            </Col>
          </Row>
        </Form>
      )}
    </Drawer>
  );
}
