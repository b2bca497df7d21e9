import { Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { validateFields, type FieldSpec } from '../../../shared/form-fields.ts';
import { currentLang } from '../../i18n.ts';
import { loc } from './api.ts';

/** The client runs the same validator as the server, one field at a time. */
function specRule(spec: FieldSpec): Rule {
  return {
    validator: async (_, value: unknown) => {
      const [problem] = validateFields([spec], value === undefined ? {} : { [spec.key]: value });
      if (problem) throw new Error(currentLang() === 'en-US' ? problem.reason.en : problem.reason.zh);
    },
  };
}

/** One answer of a case type's form, rendered by its FieldSpec type. */
export function CaseFieldInput({ spec }: { spec: FieldSpec }) {
  const { t } = useTranslation();
  const name = ['fields', spec.key];
  const common = {
    name,
    label: loc(spec.label),
    extra: spec.help ? loc(spec.help) : undefined,
    rules: [
      ...(spec.required ? [{ required: true, message: t('cases.create.required') }] : []),
      specRule(spec),
    ],
  };
  switch (spec.type) {
    case 'text':
      return (
        <Form.Item {...common}>
          <Input maxLength={spec.max} showCount={!!spec.max} />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item {...common}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={spec.max} showCount={!!spec.max} />
        </Form.Item>
      );
    case 'number':
      // No min/max on the input: clamping would change the answer silently; the rule explains instead.
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: '100%' }} inputMode="decimal" />
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
          <Select
            allowClear
            options={(spec.options ?? []).map((o) => ({ value: o.value, label: loc(o.label) }))}
          />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked" rules={common.rules.slice(-1)}>
          <Switch />
        </Form.Item>
      );
  }
}

/** The answer as read-only text on the case page. */
export function fieldAnswerText(
  spec: FieldSpec | undefined,
  value: unknown,
  yes: string,
  no: string,
): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (spec?.type === 'select') {
    const option = spec.options?.find((o) => o.value === value);
    if (option) return loc(option.label);
  }
  return String(value);
}
