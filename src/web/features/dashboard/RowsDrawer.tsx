import { Button, Drawer, Empty, Grid, Skeleton, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { dashboardApi, type DashboardFilter, type DashboardRowItem } from './api.ts';
import { metricName } from './chartOptions.ts';
import { uiLang } from './format.ts';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';

/** What a click asked to see: the records behind one metric, in one area, over a range of days. */
export interface RowsTarget {
  metric: MetricKey;
  filter: DashboardFilter;
  areaName: string;
  /** One industry or department (a click on the breakdown by dimension), with its label. */
  dim?: { code: string; label: string };
  /** The range as shown (the filter's, or the server's defaults). */
  from: string;
  to: string;
}

const KINDS = ['case', 'record', 'org'];

function RowLink({ item }: { item: DashboardRowItem }) {
  if (!item.link) return <span>{item.title}</span>;
  if (/^https?:\/\//.test(item.link)) {
    return (
      <a href={item.link} target="_blank" rel="noreferrer">
        {item.title}
      </a>
    );
  }
  return <Link to={item.link}>{item.title}</Link>;
}

/** The records behind a number, a page at a time, each linking to its own page. */
export function RowsDrawer({ target, onClose }: { target: RowsTarget | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const screens = Grid.useBreakpoint();
  const rows = useInfiniteQuery({
    queryKey: [
      'dashboard',
      'rows',
      target?.metric,
      target?.dim?.code,
      target?.filter.areaId,
      target?.filter.from,
      target?.filter.to,
    ],
    queryFn: ({ pageParam }) => {
      if (!target) throw new Error('no target');
      return dashboardApi.rows(target.filter, target.metric, { dim: target.dim?.code, cursor: pageParam });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: target !== null,
  });
  const items = rows.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={target ? t('dashboard.rows.title', { metric: metricName(target.metric, lang) }) : ''}
      data-testid="rows-drawer"
      destroyOnHidden
    >
      {target && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('dashboard.rows.subtitle', { area: target.areaName, from: target.from, to: target.to })}
          {target.dim && <Tag style={{ marginInlineStart: 8 }}>{target.dim.label}</Tag>}
        </Typography.Paragraph>
      )}
      {rows.isError && <QueryErrorAlert query={rows} />}
      {rows.isPending && target && <Skeleton active paragraph={{ rows: 6 }} />}
      {rows.isSuccess && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.rows.empty')} />
      )}
      <div>
        {items.map((item) => (
          <div
            key={`${item.kind}:${item.id}`}
            data-testid="rows-item"
            style={{ padding: '8px 0', borderBottom: '1px solid rgba(128,128,128,0.2)', minWidth: 0 }}
          >
            <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', minWidth: 0 }}>
              <Tag style={{ marginInlineEnd: 0 }}>
                {t(`dashboard.rows.kinds.${KINDS.includes(item.kind) ? item.kind : 'other'}`)}
              </Tag>
              <div style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                <RowLink item={item} />
              </div>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[item.day, item.areaName].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
        ))}
      </div>
      {rows.hasNextPage && (
        <Button
          block
          style={{ marginTop: 12 }}
          loading={rows.isFetchingNextPage}
          onClick={() => void rows.fetchNextPage()}
          data-testid="rows-more"
        >
          {t('common.loadMore')}
        </Button>
      )}
      {rows.isSuccess && items.length > 0 && !rows.hasNextPage && (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 12 }}>
          {t('common.noMore')}
        </Typography.Paragraph>
      )}
    </Drawer>
  );
}
