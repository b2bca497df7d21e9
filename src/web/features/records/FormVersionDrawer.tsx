import { useMemo } from 'react';
import { Alert, App, Card, Empty, Form, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { placeServerErrors } from '../case-admin/formErrors.ts';
import { recordsApi, type RecordForm } from './api.ts';
import { loc } from './common.tsx';
import { FieldInput } from '../form-fields/FieldInput.tsx';
import { EditorWithPreview, FormEditorDrawer } from '../form-fields/FormEditorDrawer.tsx';
import { FieldListEditor, LocalisedInputs, type FieldListProfile } from '../form-fields/FieldListEditor.tsx';
import {
  fieldChanges,
  previewSpecs,
  toFieldSpec,
  toVersionBody,
  toVersionValues,
  type FormVersionValues,
} from './formVersion.ts';

/** The record-form schema's limits (records.schema.ts FieldSpecSchema): every type, units. */
const RECORD_FORM_FIELDS: FieldListProfile = {
  types: FIELD_TYPES,
  labelMax: 100,
  helpMax: 300,
  unitMax: 20,
  optionLabelsRequired: false,
  atLeastOne: true,
};

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
          specs.map((spec) => <FieldInput key={`${spec.key}.${spec.type}`} spec={spec} prefix="preview" />)
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
  return (
    <FormEditorDrawer
      open={Boolean(current)}
      onClose={onClose}
      title={
        current
          ? t('records.forms.newVersionOf', { name: loc(current.name), version: current.version + 1 })
          : ''
      }
      saving={save.isPending}
      onSave={() => editor.submit()}
      saveLabel={t('records.forms.saveVersion')}
      saveTestId="version-save"
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
          <EditorWithPreview preview={<Preview current={current} />}>
            <Typography.Paragraph type="secondary">{t('records.forms.versionNote')}</Typography.Paragraph>
            <LocalisedInputs
              name={['name']}
              required
              max={100}
              labels={[t('records.forms.nameZh'), t('records.forms.nameEn')]}
            />
            <LocalisedInputs
              name={['description']}
              max={1000}
              labels={[t('records.forms.descriptionZh'), t('records.forms.descriptionEn')]}
            />
            <Typography.Title level={5}>{t('records.forms.fields')}</Typography.Title>
            <FieldListEditor profile={RECORD_FORM_FIELDS} />
          </EditorWithPreview>
        </Form>
      )}
    </FormEditorDrawer>
  );
}
