import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Popconfirm,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { useCan } from '../../session.ts';
import { PersonSelect } from '../people/pickers.tsx';
import { placeServerErrors } from '../case-admin/formErrors.ts';
import { recordsApi, type Screening, type ScreeningBody } from './api.ts';
import { today } from './common.tsx';

interface ScreeningValues {
  personId?: string;
  fromDay?: string;
  untilDay?: string;
  reason?: string;
}

function NewScreening({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ScreeningValues>();
  const create = useMutation({
    mutationFn: (body: ScreeningBody) => recordsApi.createScreening(body),
    onSuccess: async () => {
      void message.success(t('records.screenings.created'));
      form.resetFields();
      onClose();
      await client.invalidateQueries({ queryKey: ['records', 'screenings'] });
    },
    onError: (error) => {
      placeServerErrors(form, error);
      void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('records.screenings.new')}
      okText={t('common.save')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<ScreeningValues>
        form={form}
        layout="vertical"
        name="screeningCreate"
        initialValues={{ fromDay: today() }}
        onFinish={(v) =>
          create.mutate({
            personId: v.personId ?? '',
            fromDay: v.fromDay ?? today(),
            ...(v.untilDay ? { untilDay: v.untilDay } : {}),
            reason: (v.reason ?? '').trim(),
          })
        }
      >
        <Form.Item
          name="personId"
          label={t('records.screenings.person')}
          rules={[{ required: true, message: t('records.common.required') }]}
        >
          <PersonSelect />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="fromDay"
            label={t('records.screenings.fromDay')}
            rules={[{ required: true, message: t('records.common.required') }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item name="untilDay" label={t('records.screenings.untilDay')}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item
          name="reason"
          label={t('records.screenings.reason')}
          rules={[{ required: true, whitespace: true, message: t('records.common.required') }, { max: 200 }]}
        >
          <Input maxLength={200} placeholder={t('records.screenings.reasonHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Residents under daily screening: who, since when, why; add one, end one. */
export function ScreeningsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const canSupervise = useCan('records:supervise');
  const [status, setStatus] = useState<'active' | 'all'>('active');
  const [text, setText] = useState('');
  const [q, setQ] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const query = { active: status === 'active' ? true : undefined, q };
  const list = useInfiniteQuery({
    queryKey: ['records', 'screenings', query],
    queryFn: ({ pageParam }) => recordsApi.screenings(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const end = useMutation({
    mutationFn: (s: Screening) => recordsApi.endScreening(s.id),
    onSuccess: async () => {
      void message.success(t('records.screenings.ended'));
      await client.invalidateQueries({ queryKey: ['records', 'screenings'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as 'active' | 'all')}
          options={[
            { value: 'active', label: t('records.screenings.active') },
            { value: 'all', label: t('records.common.all') },
          ]}
        />
        <div style={{ flex: 1, minWidth: 160 }}>
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => setQ(v.trim() || undefined)}
            placeholder={t('records.screenings.search')}
            maxLength={50}
          />
        </div>
        {canSupervise && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {screens.sm ? t('records.screenings.new') : null}
          </Button>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error, t)} />}
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : (
        <List<Screening>
          dataSource={items}
          locale={{ emptyText: <Empty description={t('records.screenings.empty')} /> }}
          renderItem={(s) => (
            <List.Item
              key={s.id}
              style={{ paddingInline: 0 }}
              data-testid="screening-row"
              actions={
                s.active && canSupervise
                  ? [
                      <Popconfirm
                        key="end"
                        title={t('records.screenings.endConfirm', { name: s.person.name })}
                        onConfirm={() => end.mutate(s)}
                        okText={t('common.ok')}
                        cancelText={t('common.cancel')}
                      >
                        <Button size="small" danger loading={end.isPending && end.variables?.id === s.id}>
                          {t('records.screenings.end')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{s.person.name}</Typography.Text>
                <Tag color={s.active ? 'orange' : 'default'} style={{ marginInlineStart: 8 }}>
                  {s.active ? t('records.screenings.underway') : t('records.screenings.over')}
                </Tag>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {[s.areaName, `${s.fromDay} – ${s.untilDay ?? t('records.screenings.open')}`, s.reason]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      {list.hasNextPage && (
        <div style={{ textAlign: 'center' }}>
          <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <NewScreening open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
