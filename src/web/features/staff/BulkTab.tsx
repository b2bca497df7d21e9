import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  List,
  Popconfirm,
  Radio,
  Result,
  Space,
  Steps,
  Table,
  Tag,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api.ts';
import { staffApi, type BulkBody, type Change } from './api.ts';
import { StaffPicker } from './StaffPicker.tsx';

/** Pick from/to → preview the exact change set → apply it with the preview's token. */
export function BulkTab({ narrow }: { narrow: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BulkBody>();
  const fromStaffId = Form.useWatch('fromStaffId', form);
  const [body, setBody] = useState<BulkBody | null>(null);
  const [preview, setPreview] = useState<{ changes: Change[]; previewToken: string } | null>(null);
  const [applied, setApplied] = useState<number | null>(null);

  const showFieldErrors = (error: unknown) => {
    if (error instanceof ApiError) {
      const known = error.details.filter((d) => ['fromStaffId', 'toStaffId', 'kind'].includes(d.field));
      form.setFields(known.map((d) => ({ name: d.field as 'kind', errors: [d.reason] })));
    }
    void message.error(errorText(error, t));
  };
  const previewing = useMutation({
    mutationFn: (values: BulkBody) => staffApi.previewBulk(values),
    onSuccess: (result, values) => {
      setBody(values);
      setPreview(result);
    },
    onError: showFieldErrors,
  });
  const applying = useMutation({
    mutationFn: () => {
      if (!body || !preview) throw new Error('nothing previewed');
      return staffApi.applyBulk({ ...body, previewToken: preview.previewToken });
    },
    onSuccess: async (result) => {
      setApplied(result.applied);
      void message.success(t('staff.bulk.applied', { count: result.applied }));
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && body) {
        void message.warning(t('staff.bulk.stale'));
        previewing.mutate(body);
        return;
      }
      void message.error(errorText(error, t));
    },
  });
  const reset = () => {
    setPreview(null);
    setApplied(null);
    setBody(null);
  };
  const step = applied !== null ? 2 : preview ? 1 : 0;
  const actionTag = (c: Change) =>
    c.action === 'reassign' ? (
      <Tag color="blue">{t('staff.bulk.reassign')}</Tag>
    ) : (
      <Tag>{t('staff.bulk.endOnly')}</Tag>
    );

  return (
    <Card size="small">
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[
          { title: t('staff.bulk.steps.pick') },
          { title: t('staff.bulk.steps.preview') },
          { title: t('staff.bulk.steps.done') },
        ]}
      />
      {/* Stays mounted while hidden, so "back" keeps the chosen people. */}
      <div style={{ display: step === 0 ? undefined : 'none' }}>
        <Form
          form={form}
          layout="vertical"
          name="staff-bulk"
          initialValues={{ kind: 'liaison' }}
          onFinish={(values) => previewing.mutate(values)}
          style={{ maxWidth: narrow ? undefined : 480 }}
        >
          <Form.Item name="kind" label={t('staff.bulk.kind')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'liaison', label: t('staff.bulk.liaison') },
                { value: 'grid_worker', label: t('staff.bulk.gridWorker') },
              ]}
            />
          </Form.Item>
          <Form.Item name="fromStaffId" label={t('staff.bulk.from')} rules={[{ required: true }]}>
            <StaffPicker />
          </Form.Item>
          <Form.Item name="toStaffId" label={t('staff.bulk.to')} rules={[{ required: true }]}>
            <StaffPicker excludeId={fromStaffId} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={previewing.isPending} block={narrow}>
            {t('staff.bulk.preview')}
          </Button>
        </Form>
      </div>
      {step === 1 && preview ? (
        <>
          {preview.changes.length === 0 ? (
            <Empty description={t('staff.bulk.none')} />
          ) : narrow ? (
            <List
              dataSource={preview.changes}
              renderItem={(c) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        {c.subjectName}
                        {actionTag(c)}
                      </Space>
                    }
                    description={`${c.fromStaffName} → ${c.toStaffName}`}
                  />
                </List.Item>
              )}
            />
          ) : (
            <Table<Change>
              rowKey="assignmentId"
              size="small"
              dataSource={preview.changes}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: t('staff.bulk.subject'), dataIndex: 'subjectName' },
                { title: t('staff.bulk.fromCol'), dataIndex: 'fromStaffName' },
                { title: t('staff.bulk.toCol'), dataIndex: 'toStaffName' },
                { title: t('staff.bulk.action'), key: 'action', render: (_, c) => actionTag(c) },
              ]}
            />
          )}
          <Space style={{ marginTop: 16 }} wrap>
            <Button onClick={reset}>{t('common.back')}</Button>
            <Popconfirm
              title={t('staff.bulk.applyConfirm', { count: preview.changes.length })}
              onConfirm={() => applying.mutate()}
              disabled={preview.changes.length === 0}
            >
              <Button
                type="primary"
                danger
                loading={applying.isPending}
                disabled={preview.changes.length === 0}
              >
                {t('staff.bulk.apply')}
              </Button>
            </Popconfirm>
          </Space>
        </>
      ) : null}
      {step === 2 ? (
        <Result
          status="success"
          title={t('staff.bulk.applied', { count: applied ?? 0 })}
          extra={
            <Button type="primary" onClick={reset}>
              {t('staff.bulk.again')}
            </Button>
          }
        />
      ) : null}
    </Card>
  );
}
