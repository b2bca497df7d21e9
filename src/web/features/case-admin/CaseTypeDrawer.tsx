import { useEffect, useMemo } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CASE_FIELD_TYPES } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { FieldInput } from '../form-fields/FieldInput.tsx';
import { EditorWithPreview, FormEditorDrawer } from '../form-fields/FormEditorDrawer.tsx';
import {
  FieldListEditor,
  LocalisedInputs,
  RowButtons,
  type FieldListProfile,
} from '../form-fields/FieldListEditor.tsx';
import { loc } from '../cases/api.ts';
import { SUBJECT_KINDS, SUBMITTERS, caseAdminApi, type AdminCaseType } from './api.ts';
import {
  CODE_PATTERN,
  NEW_TYPE_VALUES,
  previewSpecs,
  toBody,
  toFormValues,
  type CaseTypeValues,
} from './caseTypeForm.ts';
import { TYPES_KEY, useDepartmentOptions, useSlaDurationText, useSlaSummary } from './common.tsx';
import { isStale, placeServerErrors } from './formErrors.ts';

const half = { xs: 24, sm: 12 };

function SectionTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={5} style={{ marginTop: 8 }}>
      {children}
    </Typography.Title>
  );
}

function useRules() {
  const { t } = useTranslation();
  const required: Rule = { required: true, whitespace: true, message: t('caseAdmin.required') };
  const code: Rule = { pattern: CODE_PATTERN, message: t('caseAdmin.codeInvalid') };
  const positive: Rule = {
    validator: async (_, value: unknown) => {
      if (typeof value !== 'number' || !(value > 0)) throw new Error(t('caseAdmin.types.sla.positive'));
    },
  };
  return { required, code, positive };
}

/** The case-type schema's limits (case-types.schema.ts): the case field types, no units, labels ≤ 200. */
const CASE_TYPE_FIELDS: FieldListProfile = {
  types: CASE_FIELD_TYPES,
  labelMax: 200,
  helpMax: 200,
  optionLabelsRequired: true,
  atLeastOne: false,
};

function CategoriesEditor() {
  const { t } = useTranslation();
  const rules = useRules();
  const departments = useDepartmentOptions();
  return (
    <Form.List name="categories">
      {(rows, { add, remove, move }) => (
        <>
          {rows.length === 0 && (
            <Typography.Paragraph type="secondary">
              {t('caseAdmin.types.categories.empty')}
            </Typography.Paragraph>
          )}
          {rows.map((row, index) => (
            <Card
              key={row.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={`#${index + 1}`}
              extra={
                <RowButtons index={index} count={rows.length} move={move} remove={() => remove(row.name)} />
              }
              data-testid="category-row"
            >
              <Row gutter={12}>
                <Col {...half}>
                  <Form.Item
                    name={[row.name, 'code']}
                    label={t('caseAdmin.types.categories.code')}
                    rules={[rules.required, rules.code]}
                  >
                    <Input maxLength={40} autoCapitalize="off" />
                  </Form.Item>
                </Col>
                <Col {...half}>
                  <Form.Item
                    name={[row.name, 'departmentCode']}
                    label={t('caseAdmin.types.department')}
                    rules={[{ required: true, message: t('caseAdmin.required') }]}
                  >
                    <Select
                      options={departments}
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder={t('caseAdmin.types.departmentPlaceholder')}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <LocalisedInputs
                name={[row.name, 'name']}
                required
                max={200}
                labels={[t('caseAdmin.types.categories.nameZh'), t('caseAdmin.types.categories.nameEn')]}
              />
            </Card>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => add({ name: { zh: '', en: '' } })}
          >
            {t('caseAdmin.types.categories.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function SlaEditor() {
  const { t } = useTranslation();
  const rules = useRules();
  const form = Form.useFormInstance<CaseTypeValues>();
  const sla = Form.useWatch('sla', form);
  const duration = useSlaDurationText();
  const basis = sla?.basis ?? 'working';
  const equals = (hours: number | null | undefined) =>
    typeof hours === 'number' && hours > 0
      ? t('caseAdmin.types.sla.equals', { value: duration(hours, basis) })
      : undefined;
  const hoursInput = (
    <InputNumber min={0} max={8784} step={1} style={{ width: '100%' }} inputMode="decimal" />
  );
  const summary = useSlaSummary();
  const complete =
    typeof sla?.firstResponseHours === 'number' &&
    sla.firstResponseHours > 0 &&
    typeof sla.resolutionHours === 'number' &&
    sla.resolutionHours > 0;
  return (
    <div data-testid="sla-editor">
      {complete && (
        <Typography.Paragraph type="secondary" data-testid="sla-summary">
          {summary({
            basis,
            firstResponseHours: sla.firstResponseHours ?? 0,
            resolutionHours: sla.resolutionHours ?? 0,
            updateIntervalHours: sla.updateIntervalHours ?? 0,
            warnAtShare: (sla.warnAtShare ?? 0) / 100,
          })}
        </Typography.Paragraph>
      )}
      <Form.Item
        name={['sla', 'basis']}
        label={t('caseAdmin.types.sla.basis')}
        extra={basis === 'working' ? t('caseAdmin.types.sla.workingDayNote') : undefined}
      >
        <Radio.Group
          orientation="vertical"
          options={(['working', 'calendar'] as const).map((b) => ({
            value: b,
            label: t(`caseAdmin.types.sla.bases.${b}`),
          }))}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item
            name={['sla', 'firstResponseHours']}
            label={t('caseAdmin.types.sla.firstResponseHours')}
            extra={equals(sla?.firstResponseHours)}
            rules={[rules.positive]}
          >
            {hoursInput}
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name={['sla', 'resolutionHours']}
            label={t('caseAdmin.types.sla.resolutionHours')}
            extra={equals(sla?.resolutionHours)}
            rules={[rules.positive]}
          >
            {hoursInput}
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name={['sla', 'updateIntervalHours']}
            label={t('caseAdmin.types.sla.updateIntervalHours')}
            extra={equals(sla?.updateIntervalHours)}
            rules={[rules.positive]}
          >
            {hoursInput}
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name={['sla', 'warnAtShare']}
            label={t('caseAdmin.types.sla.warnAtShare')}
            extra={t('caseAdmin.types.sla.warnHelp')}
            rules={[
              {
                validator: async (_, value: unknown) => {
                  if (typeof value !== 'number' || value < 1 || value > 99)
                    throw new Error(t('caseAdmin.types.sla.percentRange'));
                },
              },
            ]}
          >
            <InputNumber min={1} max={99} suffix="%" style={{ width: '100%' }} inputMode="decimal" />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}

/** The filer's view of the extra fields being edited, drawn by the cases feature's own inputs. */
function FormPreview() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CaseTypeValues>();
  const fields = Form.useWatch('fields', form);
  const categories = Form.useWatch('categories', form);
  const specs = useMemo(() => previewSpecs(fields), [fields]);
  const categoryOptions = (categories ?? [])
    .filter((c) => c?.code)
    .map((c) => ({
      value: c.code ?? '',
      label: loc({ zh: c.name?.zh || (c.code ?? ''), en: c.name?.en || (c.code ?? '') }),
    }));
  return (
    <Card size="small" title={t('caseAdmin.types.sections.preview')} data-testid="type-preview">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('caseAdmin.types.previewHint')}
      </Typography.Paragraph>
      {/* A form of its own: trying the preview never touches the type being edited. */}
      <Form layout="vertical" component="div" name="typePreview">
        {categoryOptions.length > 0 && (
          <Form.Item label={t('caseAdmin.types.categoryPreview')}>
            <Select options={categoryOptions} />
          </Form.Item>
        )}
        {specs.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseAdmin.types.previewEmpty')} />
        ) : (
          specs.map((spec) => <FieldInput key={`${spec.key}.${spec.type}`} spec={spec} prefix="fields" />)
        )}
      </Form>
    </Card>
  );
}

/**
 * Create (type undefined) or edit one case type. A stale save reloads the type and its values;
 * the server's field errors land on the named inputs, nested rows included.
 */
export function CaseTypeDrawer({
  open,
  type,
  onClose,
  onReloaded,
}: {
  open: boolean;
  type?: AdminCaseType;
  onClose(): void;
  onReloaded(fresh: AdminCaseType): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CaseTypeValues>();
  const rules = useRules();
  const initialValues = useMemo(() => (type ? toFormValues(type) : NEW_TYPE_VALUES), [type]);

  // A reloaded type (same drawer, new version) replaces whatever was typed.
  useEffect(() => {
    if (open) form.resetFields();
  }, [form, open, type?.id, type?.version]);

  const save = useMutation({
    mutationFn: (values: CaseTypeValues) =>
      type
        ? caseAdminApi.updateType(type.id, { ...toBody(values), version: type.version })
        : caseAdminApi.createType({ ...toBody(values), code: (values.code ?? '').trim() }),
    onSuccess: async () => {
      void message.success(t('caseAdmin.saved'));
      onClose();
      await client.invalidateQueries({ queryKey: TYPES_KEY });
      await client.invalidateQueries({ queryKey: ['cases', 'types'] });
    },
    onError: async (error) => {
      if (type && isStale(error)) {
        void message.warning(t('caseAdmin.stale'));
        try {
          onReloaded(await caseAdminApi.type(type.code));
        } catch (reloadError) {
          void message.error(errorText(reloadError, t));
        }
        await client.invalidateQueries({ queryKey: TYPES_KEY });
        return;
      }
      // The summary toast, plus any problem no input on screen could show.
      const unplaced = placeServerErrors(form, error);
      void message.error([errorText(error, t), ...unplaced.map((d) => `${d.field}: ${d.reason}`)].join('；'));
    },
  });

  const basics = (
    <>
      <SectionTitle>{t('caseAdmin.types.sections.basics')}</SectionTitle>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item
            name="code"
            label={t('caseAdmin.types.code')}
            extra={type ? undefined : t('caseAdmin.types.codeHelp')}
            rules={type ? [] : [rules.required, rules.code]}
          >
            <Input disabled={Boolean(type)} maxLength={40} autoCapitalize="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="active" label={t('caseAdmin.types.status')} valuePropName="checked">
            <Switch checkedChildren={t('caseAdmin.active')} unCheckedChildren={t('caseAdmin.inactive')} />
          </Form.Item>
        </Col>
      </Row>
      <LocalisedInputs
        name={['name']}
        required
        max={200}
        labels={[t('caseAdmin.types.nameZh'), t('caseAdmin.types.nameEn')]}
      />
      <LocalisedInputs
        name={['description']}
        max={2000}
        long
        labels={[t('caseAdmin.types.descriptionZh'), t('caseAdmin.types.descriptionEn')]}
      />
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="subjectKind" label={t('caseAdmin.types.subjectKind')}>
            <Select
              options={SUBJECT_KINDS.map((k) => ({
                value: k,
                label: t(`caseAdmin.types.subjectKinds.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="defaultDepartmentCode"
            label={t('caseAdmin.types.defaultDepartment')}
            extra={t('caseAdmin.types.defaultDepartmentHelp')}
          >
            <DepartmentSelect />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="submitters"
        label={t('caseAdmin.types.submitters')}
        rules={[{ required: true, type: 'array', min: 1, message: t('caseAdmin.required') }]}
      >
        <Checkbox.Group
          options={SUBMITTERS.map((s) => ({ value: s, label: t(`caseAdmin.types.submitterKinds.${s}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="open311Code"
        label={t('caseAdmin.types.open311Code')}
        extra={t('caseAdmin.types.open311Help')}
        rules={[{ pattern: CODE_PATTERN, message: t('caseAdmin.codeInvalid') }]}
      >
        <Input maxLength={40} autoCapitalize="off" />
      </Form.Item>
    </>
  );

  return (
    <FormEditorDrawer
      open={open}
      onClose={onClose}
      title={
        type ? t('caseAdmin.types.editTitle', { name: loc(type.name) }) : t('caseAdmin.types.createTitle')
      }
      saving={save.isPending}
      onSave={() => form.submit()}
      saveLabel={t('common.save')}
      saveTestId="type-save"
    >
      <Form<CaseTypeValues>
        form={form}
        layout="vertical"
        name="caseType"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => save.mutate(values)}
      >
        <EditorWithPreview preview={<FormPreview />}>
          {basics}
          <SectionTitle>{t('caseAdmin.types.sections.sla')}</SectionTitle>
          <SlaEditor />
          <SectionTitle>{t('caseAdmin.types.sections.categories')}</SectionTitle>
          <CategoriesEditor />
          <SectionTitle>{t('caseAdmin.types.sections.fields')}</SectionTitle>
          <FieldListEditor profile={CASE_TYPE_FIELDS} emptyHint={t('caseAdmin.types.fields.empty')} />
        </EditorWithPreview>
      </Form>
    </FormEditorDrawer>
  );
}

function DepartmentSelect(props: { value?: string | null; onChange?(value: string | null): void }) {
  const { t } = useTranslation();
  const departments = useDepartmentOptions();
  return (
    <Select
      value={props.value ?? undefined}
      onChange={(value: string | undefined) => props.onChange?.(value ?? null)}
      allowClear
      options={departments}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('caseAdmin.types.departmentPlaceholder')}
    />
  );
}
