import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { slaApi, type CalendarDay } from './api.ts';

interface DayValues {
  day: string;
  kind: CalendarDay['kind'];
  name: string;
}

/** 节假日与调休: the exceptions to Monday–Friday that the SLA clocks count with (cases:admin). */
export function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [form] = Form.useForm<DayValues>();
  const days = useQuery({ queryKey: ['sla', 'calendar', year], queryFn: () => slaApi.calendar(year) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sla', 'calendar'] });

  const save = useMutation({
    mutationFn: (v: DayValues) => slaApi.setDay(v.day, { kind: v.kind, name: v.name.trim() }),
    onSuccess: async (saved) => {
      void message.success(t('sla.saved'));
      form.resetFields();
      setYear(Number(saved.day.slice(0, 4)));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const remove = useMutation({
    mutationFn: (day: string) => slaApi.removeDay(day),
    onSuccess: async () => {
      void message.success(t('sla.removed'));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  return (
    <Card title={t('sla.title')}>
      <Typography.Paragraph type="secondary">{t('sla.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('sla.year')}</span>
        <InputNumber
          min={2000}
          max={2100}
          value={year}
          onChange={(value) => value !== null && setYear(value)}
        />
      </Space>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        initialValues={{ kind: 'holiday' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="day" rules={[{ required: true, message: t('sla.required') }]}>
          <Input type="date" aria-label={t('sla.day')} />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            style={{ width: 160 }}
            aria-label={t('sla.kind')}
            options={[
              { value: 'holiday', label: t('sla.holiday') },
              { value: 'workday', label: t('sla.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('sla.required') }]}>
          <Input placeholder={t('sla.name')} maxLength={40} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('sla.add')}
        </Button>
      </Form>
      <Table<CalendarDay>
        rowKey="day"
        size="small"
        loading={days.isLoading}
        dataSource={days.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: days.isError ? errorText(days.error, t) : t('sla.empty') }}
        columns={[
          { title: t('sla.day'), dataIndex: 'day' },
          { title: t('sla.weekday'), dataIndex: 'weekday', render: (w: number) => t(`sla.weekdays.${w}`) },
          {
            title: t('sla.kind'),
            dataIndex: 'kind',
            render: (kind: CalendarDay['kind']) =>
              kind === 'holiday' ? (
                <Tag color="red">{t('sla.holiday')}</Tag>
              ) : (
                <Tag color="blue">{t('sla.workday')}</Tag>
              ),
          },
          { title: t('sla.name'), dataIndex: 'name' },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, row) => (
              <Popconfirm title={t('sla.removeConfirm')} onConfirm={() => remove.mutate(row.day)}>
                <Button size="small" danger icon={<DeleteOutlined />}>
                  {t('sla.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
