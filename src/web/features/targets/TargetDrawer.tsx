import { useEffect } from 'react';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { ApiError, errorText } from '../../api.ts';
import { targetsApi, type TargetBody, type TargetDto } from './api.ts';
import { targetableMetrics, uiLang, unitLabel } from './format.ts';

interface Values {
  metric: MetricKey;
  areaId: string;
  title: string;
  startDay: Dayjs;
  dueDay: Dayjs;
  targetValue: number;
  note?: string;
}

const DAY = 'YYYY-MM-DD';

/** Create a target (target undefined) or edit one, for users the server lets edit (canEdit). */
export function TargetDrawer({
  open,
  target,
  onClose,
}: {
  open: boolean;
  target?: TargetDto;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const metric = Form.useWatch('metric', form);
  const definition = metric ? METRICS[metric] : undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (target) {
      form.setFieldsValue({
        metric: target.metric,
        areaId: target.area.id,
        title: target.title,
        startDay: dayjs(target.startDay),
        dueDay: dayjs(target.dueDay),
        targetValue: target.targetValue,
        note: target.note ?? undefined,
      });
    }
  }, [open, target, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: TargetBody = {
        metric: v.metric,
        areaId: v.areaId,
        title: v.title.trim(),
        startDay: v.startDay.format(DAY),
        dueDay: v.dueDay.format(DAY),
        targetValue: v.targetValue,
        note: v.note?.trim() || null,
      };
      return target
        ? targetsApi.update(target.id, { ...body, version: target.version })
        : targetsApi.create(body);
    },
    onSuccess: async () => {
      void message.success(t('targets.form.saved'));
      await client.invalidateQueries({ queryKey: ['targets'] });
      onClose();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'stale') {
        void message.warning(t('targets.form.stale'));
        await client.invalidateQueries({ queryKey: ['targets'] });
        onClose();
        return;
      }
      // The server names the field (metric, dueDay, targetValue…): mark it on the form.
      if (error instanceof ApiError && error.details.length > 0) {
        const known = new Set(['metric', 'areaId', 'title', 'startDay', 'dueDay', 'targetValue', 'note']);
        const fields = error.details.filter((d) => known.has(d.field));
        if (fields.length > 0) {
          form.setFields(fields.map((d) => ({ name: d.field as keyof Values, errors: [d.reason] })));
          return;
        }
      }
      void message.error(errorText(error, t));
    },
  });

  const required = { required: true, message: t('targets.form.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 520 : '100%'}
      destroyOnHidden
      title={target ? t('targets.form.editTitle') : t('targets.form.createTitle')}
      data-testid="target-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('targets.form.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="target-save"
          >
            {t('targets.form.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" name="target" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="metric"
          label={t('targets.form.metric')}
          rules={[required]}
          extra={
            definition
              ? `${definition.definition[lang]} · ${
                  definition.higherIsBetter
                    ? t('targets.form.higherIsBetter')
                    : t('targets.form.lowerIsBetter')
                }`
              : undefined
          }
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('targets.form.metricPlaceholder')}
            options={targetableMetrics().map((m) => {
              const unit = unitLabel(m.unit, lang);
              return { value: m.key, label: unit ? `${m.name[lang]}（${unit}）` : m.name[lang] };
            })}
          />
        </Form.Item>
        <Form.Item name="areaId" label={t('targets.form.area')} rules={[required]}>
          <AreaSelect
            placeholder={t('targets.form.areaPlaceholder')}
            initialLabel={target?.area.name ?? null}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('targets.form.title')}
          rules={[{ ...required, whitespace: true }, { max: 200 }]}
        >
          <Input placeholder={t('targets.form.titlePlaceholder')} maxLength={200} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="startDay" label={t('targets.form.startDay')} rules={[required]}>
            <DatePicker allowClear={false} inputReadOnly />
          </Form.Item>
          <Form.Item
            name="dueDay"
            label={t('targets.form.dueDay')}
            dependencies={['startDay']}
            rules={[
              required,
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | undefined) => {
                  const start = getFieldValue('startDay') as Dayjs | undefined;
                  return value && start && value.isBefore(start, 'day')
                    ? Promise.reject(new Error(t('targets.form.dueBeforeStart')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker allowClear={false} inputReadOnly />
          </Form.Item>
        </Space>
        <Form.Item
          name="targetValue"
          label={t('targets.form.targetValue')}
          rules={[
            required,
            {
              validator: (_, value: number | undefined) =>
                definition?.unit === 'percent' && value !== undefined && value > 100
                  ? Promise.reject(new Error(t('targets.form.percentMax')))
                  : Promise.resolve(),
            },
          ]}
        >
          <InputNumber
            min={0}
            max={definition?.unit === 'percent' ? 100 : undefined}
            style={{ width: '100%' }}
            suffix={definition ? unitLabel(definition.unit, lang) || undefined : undefined}
          />
        </Form.Item>
        <Form.Item name="note" label={t('targets.form.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        {target && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            v{target.version}
          </Typography.Text>
        )}
      </Form>
    </Drawer>
  );
}
