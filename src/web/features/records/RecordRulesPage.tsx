import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Grid,
  InputNumber,
  Modal,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../shared/record-forms.ts';
import { errorText } from '../../api.ts';
import { recordsApi, type RecordRule } from './api.ts';
import { loc, useRecordForms } from './common.tsx';

const RULES_KEY = ['records', 'rules'] as const;

/** The number a rule compares against, when it has one an admin may tune. */
export function thresholdOf(condition: RuleCondition): number | null {
  if (condition.kind === 'missed_days') return condition.days;
  return typeof condition.value === 'number' ? condition.value : null;
}

export function withThreshold(condition: RuleCondition, value: number): RuleCondition {
  if (condition.kind === 'missed_days') return { ...condition, days: Math.round(value) };
  return { ...condition, value };
}

function useConditionText() {
  const { t } = useTranslation();
  const forms = useRecordForms();
  return (rule: RecordRule): string => {
    const c = rule.condition;
    const form = forms.data?.items.find((f) => f.key === rule.formKey);
    const fieldName = (key: string) => {
      const spec = form?.fields.find((f) => f.key === key);
      return spec ? loc(spec.label) : key;
    };
    if (c.kind === 'missed_days') return t('records.rules.missedDays', { days: c.days });
    if (c.kind === 'item_below')
      return t('records.rules.itemBelow', { field: fieldName(c.field), value: c.value });
    let value = String(c.value);
    const spec = form?.fields.find((f) => f.key === c.field);
    const option = spec?.options?.find((o) => o.value === c.value);
    if (option) value = loc(option.label);
    if (typeof c.value === 'boolean') value = c.value ? t('common.yes') : t('common.no');
    return `${fieldName(c.field)} ${t(`records.rules.ops.${c.op}`)} ${value}`;
  };
}

function ThresholdModal({ rule, onClose }: { rule: RecordRule | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [value, setValue] = useState<number | null>(null);
  const current = rule ? thresholdOf(rule.condition) : null;
  const save = useMutation({
    mutationFn: (next: number) =>
      rule
        ? recordsApi.updateRule(rule.id, { condition: withThreshold(rule.condition, next) })
        : Promise.reject(new Error('no rule')),
    onSuccess: async () => {
      void message.success(t('records.rules.saved'));
      onClose();
      await client.invalidateQueries({ queryKey: RULES_KEY });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const shown = value ?? current;
  return (
    <Modal
      open={Boolean(rule)}
      onCancel={() => {
        setValue(null);
        onClose();
      }}
      title={rule ? loc(rule.name) : ''}
      okText={t('common.save')}
      okButtonProps={{ disabled: typeof shown !== 'number' || shown === current }}
      confirmLoading={save.isPending}
      onOk={() => {
        if (typeof shown === 'number') save.mutate(shown);
      }}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('records.rules.threshold')}</Typography.Text>
        <InputNumber<number>
          value={shown}
          onChange={(v) => setValue(typeof v === 'number' ? v : null)}
          min={rule?.condition.kind === 'missed_days' ? 1 : undefined}
          max={rule?.condition.kind === 'missed_days' ? 60 : undefined}
          precision={rule?.condition.kind === 'missed_days' ? 0 : undefined}
          step={rule?.condition.kind === 'value' ? 0.1 : 1}
          style={{ width: '100%' }}
          inputMode="decimal"
          data-testid="rule-threshold"
        />
      </Space>
    </Modal>
  );
}

/** /record-rules: the rules on records as data — on/off and their thresholds. */
export function RecordRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const forms = useRecordForms();
  const conditionText = useConditionText();
  const [editing, setEditing] = useState<RecordRule | null>(null);
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: recordsApi.rules });
  const toggle = useMutation({
    mutationFn: (rule: RecordRule) => recordsApi.updateRule(rule.id, { active: !rule.active }),
    onSuccess: async (saved) => {
      void message.success(saved.active ? t('records.rules.on') : t('records.rules.off'));
      await client.invalidateQueries({ queryKey: RULES_KEY });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const formName = (key: string) => {
    const form = forms.data?.items.find((f) => f.key === key);
    return form ? loc(form.name) : key;
  };
  const actionText = (rule: RecordRule) =>
    rule.action.kind === 'open_case'
      ? t('records.rules.openCase', { title: loc(rule.action.title), type: rule.action.caseType })
      : t('records.rules.alert', { title: loc(rule.action.title) });

  return (
    <Card
      title={t('records.rules.title')}
      styles={{ body: { padding: screens.md ? 24 : 12 } }}
      data-testid="record-rules-page"
    >
      <Typography.Paragraph type="secondary">{t('records.rules.note')}</Typography.Paragraph>
      {rules.isError && <Alert type="error" showIcon title={errorText(rules.error, t)} />}
      <Table<RecordRule>
        rowKey="id"
        loading={rules.isPending}
        dataSource={rules.data?.items ?? []}
        pagination={false}
        scroll={{ x: screens.md ? undefined : 'max-content' }}
        locale={{ emptyText: <Empty description={t('records.rules.empty')} /> }}
        columns={[
          {
            title: t('records.rules.name'),
            render: (_: unknown, r) => (
              <div>
                {loc(r.name)}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {formName(r.formKey)}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t('records.rules.condition'),
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                <span>{conditionText(r)}</span>
                {thresholdOf(r.condition) !== null && (
                  <Button
                    size="small"
                    type="link"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(r)}
                    aria-label={t('records.rules.editThreshold')}
                  />
                )}
              </Space>
            ),
          },
          {
            title: t('records.rules.action'),
            render: (_: unknown, r) => (
              <span style={{ fontSize: 12 }}>
                {actionText(r)}
                {r.action.kind === 'open_case' && r.action.alert && (
                  <Tag color="red" style={{ marginInlineStart: 4 }}>
                    {t('records.rules.withAlert')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t('records.rules.active'),
            width: 90,
            render: (_: unknown, r) => (
              <Switch
                checked={r.active}
                loading={toggle.isPending && toggle.variables?.id === r.id}
                onChange={() => toggle.mutate(r)}
                aria-label={t('records.rules.active')}
              />
            ),
          },
        ]}
      />
      <ThresholdModal rule={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
