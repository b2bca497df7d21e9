import { useState } from 'react';
import { Alert, App, Button, Drawer, Empty, Grid, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { recordsApi, type MissingSubject } from './api.ts';

export interface MissingTarget {
  formKey: string;
  formName: string;
  day: string;
  areaId?: string;
  areaName?: string;
}

/** Who has not reported a form on a day in an area, with one-click reminders (all, or one by one). */
export function MissingDrawer({ target, onClose }: { target: MissingTarget | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [q, setQ] = useState<string | undefined>(undefined);
  const query = target ? { formKey: target.formKey, day: target.day, areaId: target.areaId, q } : null;
  const missing = useInfiniteQuery({
    queryKey: ['records', 'missing', query],
    queryFn: ({ pageParam }) => recordsApi.missing(query ?? { formKey: '', day: '' }, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(query),
  });
  const items = missing.data?.pages.flatMap((p) => p.items) ?? [];

  const remind = useMutation({
    mutationFn: (subjectIds?: string[]) =>
      recordsApi.remind({
        formKey: target?.formKey ?? '',
        day: target?.day ?? '',
        ...(subjectIds ? { subjectIds } : { areaId: target?.areaId }),
      }),
    onSuccess: async (result) => {
      void message.success(
        t('records.compliance.reminded', { sent: result.sent, alreadySent: result.alreadySent }),
      );
      await client.invalidateQueries({ queryKey: ['records', 'missing'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const row = (m: MissingSubject) => (
    <List.Item
      key={m.subject.id}
      style={{ paddingInline: 0 }}
      data-testid="missing-row"
      actions={[
        <Button
          key="remind"
          size="small"
          icon={<BellOutlined />}
          disabled={remind.isPending}
          onClick={() => remind.mutate([m.subject.id])}
          aria-label={t('records.compliance.remindOne', { name: m.subject.name })}
        >
          {screens.sm ? t('records.compliance.remind') : null}
        </Button>,
      ]}
    >
      <div style={{ minWidth: 0 }}>
        <Typography.Text strong ellipsis style={{ display: 'block' }}>
          {m.subject.name}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[
            m.areaName,
            m.perDay > 1 ? t('records.compliance.shifts', { done: m.reportedCount, perDay: m.perDay }) : null,
            m.lastReportedDay
              ? t('records.compliance.lastReported', { day: m.lastReportedDay })
              : t('records.compliance.neverReported'),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
        {m.remindedAt && (
          <div>
            <Tag color="blue" style={{ fontSize: 11 }}>
              {t('records.compliance.remindedAt', { at: formatTime(m.remindedAt) })}
            </Tag>
          </div>
        )}
      </div>
    </List.Item>
  );

  return (
    <Drawer
      open={Boolean(target)}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      title={
        target
          ? t('records.compliance.missingTitle', {
              form: target.formName,
              day: target.day,
            })
          : ''
      }
      data-testid="missing-drawer"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {target?.areaName && <Typography.Text type="secondary">{target.areaName}</Typography.Text>}
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(value) => setQ(value.trim() || undefined)}
          placeholder={t('records.compliance.missingSearch')}
          maxLength={50}
        />
        <Button
          type="primary"
          icon={<BellOutlined />}
          block
          loading={remind.isPending}
          disabled={items.length === 0}
          onClick={() =>
            // Everyone missing in the area, unless a search narrowed the list (or there is no one area).
            remind.mutate(q || !target?.areaId ? items.map((m) => m.subject.id).slice(0, 1000) : undefined)
          }
          data-testid="remind-all"
        >
          {q ? t('records.compliance.remindListed') : t('records.compliance.remindAll')}
        </Button>
        {missing.isError && <Alert type="error" showIcon title={errorText(missing.error, t)} />}
        {missing.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <List
            dataSource={items}
            renderItem={row}
            locale={{ emptyText: <Empty description={t('records.compliance.allReported')} /> }}
          />
        )}
        {missing.hasNextPage && (
          <div style={{ textAlign: 'center' }}>
            <Button loading={missing.isFetchingNextPage} onClick={() => void missing.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Space>
    </Drawer>
  );
}
