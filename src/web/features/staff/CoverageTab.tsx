import { useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, List, Modal, Row, Skeleton, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api.ts';
import { staffApi } from './api.ts';
import { StaffPicker } from './StaffPicker.tsx';

type Target = { type: 'org' | 'grid'; id: string; name: string };

function AssignModal({ target, onClose }: { target: Target | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ staffId: string; reason?: string }>();
  const assign = useMutation({
    mutationFn: async (values: { staffId: string; reason?: string }) => {
      if (!target) return;
      if (target.type === 'org') await staffApi.assignLiaison(target.id, values.staffId, values.reason);
      else await staffApi.assignWorker(target.id, values.staffId);
    },
    onSuccess: async () => {
      void message.success(t('staff.coverage.assigned'));
      form.resetFields();
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const known = error.details.filter((d) => d.field === 'staffId' || d.field === 'reason');
        form.setFields(known.map((d) => ({ name: d.field as 'staffId', errors: [d.reason] })));
      }
      void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={target !== null}
      title={
        target
          ? t(target.type === 'org' ? 'staff.coverage.assignLiaison' : 'staff.coverage.assignWorker', {
              name: target.name,
            })
          : ''
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="staff-assign" onFinish={(v) => assign.mutate(v)}>
        <Form.Item name="staffId" label={t('staff.teams.staff')} rules={[{ required: true }]}>
          <StaffPicker />
        </Form.Item>
        {target?.type === 'org' ? (
          <Form.Item name="reason" label={t('staff.coverage.reason')}>
            <Input maxLength={200} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

export function CoverageTab({ narrow }: { narrow: boolean }) {
  const { t } = useTranslation();
  const [orgCursor, setOrgCursor] = useState<string[]>([]);
  const [gridCursor, setGridCursor] = useState<string[]>([]);
  const [target, setTarget] = useState<Target | null>(null);
  const gaps = useQuery({
    queryKey: ['staff', 'coverage', orgCursor.at(-1), gridCursor.at(-1)],
    queryFn: () =>
      staffApi.coverage({ limit: 20, enterpriseCursor: orgCursor.at(-1), gridCursor: gridCursor.at(-1) }),
  });
  if (gaps.isPending) return <Skeleton active />;
  if (gaps.isError) return <Empty description={errorText(gaps.error, t)} />;
  const { enterprises, grids, can } = gaps.data;
  const assignButton = (next: Target) =>
    can.assign ? (
      <Button key="assign" size="small" type="primary" onClick={() => setTarget(next)}>
        {t('staff.coverage.assign')}
      </Button>
    ) : null;
  const pager = (cursors: string[], set: (c: string[]) => void, next: string | null) =>
    cursors.length > 0 || next ? (
      <div style={{ textAlign: 'center', marginTop: 8 }}>
        <Button size="small" disabled={cursors.length === 0} onClick={() => set(cursors.slice(0, -1))}>
          ‹
        </Button>{' '}
        <Button size="small" disabled={!next} onClick={() => next && set([...cursors, next])}>
          ›
        </Button>
      </div>
    ) : null;
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col span={narrow ? 24 : 12}>
          <Card size="small" title={t('staff.coverage.enterprisesCount', { count: enterprises.count })}>
            <List
              dataSource={enterprises.items}
              locale={{ emptyText: <Empty description={t('staff.coverage.allCovered')} /> }}
              renderItem={(o) => (
                <List.Item actions={[assignButton({ type: 'org', id: o.id, name: o.name })]}>
                  <List.Item.Meta
                    title={o.name}
                    description={[o.areaName, o.address].filter(Boolean).join(' · ')}
                  />
                </List.Item>
              )}
            />
            {pager(orgCursor, setOrgCursor, enterprises.nextCursor)}
          </Card>
        </Col>
        <Col span={narrow ? 24 : 12}>
          <Card size="small" title={t('staff.coverage.gridsCount', { count: grids.count })}>
            <List
              dataSource={grids.items}
              locale={{ emptyText: <Empty description={t('staff.coverage.allCovered')} /> }}
              renderItem={(g) => (
                <List.Item actions={[assignButton({ type: 'grid', id: g.id, name: g.name })]}>
                  <List.Item.Meta
                    title={g.name}
                    description={<Typography.Text type="secondary">{g.parentName}</Typography.Text>}
                  />
                </List.Item>
              )}
            />
            {pager(gridCursor, setGridCursor, grids.nextCursor)}
          </Card>
        </Col>
      </Row>
      <AssignModal target={target} onClose={() => setTarget(null)} />
    </>
  );
}
