import { useState } from 'react';
import { Button, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { AimOutlined, FileDoneOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { targetsApi, type TargetDto } from './api.ts';
import { caseCode, STATUS_COLOURS } from './format.ts';
import { LaggardsDrawer } from './LaggardsDrawer.tsx';
import { TargetProgress } from './TargetProgress.tsx';

/**
 * The targets of the area on screen, on the command dashboard: progress, status, the supervision
 * sheets open for each, and the laggards drawer to issue one. Its query key starts with ['targets'],
 * so the dashboard's event stream refreshes it when a sheet is issued anywhere in the area.
 */
export function TargetsPanel({ areaId }: { areaId: string | undefined }) {
  const { t } = useTranslation();
  const [laggardsOf, setLaggardsOf] = useState<TargetDto | null>(null);
  const list = useQuery({
    queryKey: ['targets', 'panel', areaId ?? null],
    queryFn: () => targetsApi.list(areaId ? { areaId } : {}),
  });
  const items = list.data?.items ?? [];

  return (
    <Card
      size="small"
      data-testid="targets-panel"
      title={
        <Space>
          <AimOutlined />
          {t('targets.panel.title')}
        </Space>
      }
      extra={<Link to="/targets">{t('targets.panel.all')}</Link>}
    >
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('targets.panel.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items.slice(0, 6)}
          renderItem={(target) => (
            <List.Item
              data-testid="panel-target"
              actions={[
                <Button
                  key="laggards"
                  size="small"
                  icon={<UnorderedListOutlined />}
                  onClick={() => setLaggardsOf(target)}
                  data-testid="panel-laggards"
                  aria-label={t('targets.actions.laggards')}
                />,
              ]}
            >
              <div style={{ minWidth: 0, width: '100%' }}>
                <Space size={4} wrap>
                  <Typography.Text strong>{target.title}</Typography.Text>
                  <Tag color={STATUS_COLOURS[target.status]}>{t(`targets.status.${target.status}`)}</Tag>
                </Space>
                <TargetProgress target={target} />
                {target.openSheets.length > 0 ? (
                  <Space size={4} wrap>
                    {target.openSheets.map((sheet) => (
                      <Link
                        key={sheet.caseId}
                        to={`/cases/${sheet.caseId}`}
                        data-testid="open-sheet"
                        data-number={sheet.number}
                      >
                        <Tag icon={<FileDoneOutlined />}>{caseCode(sheet.number)}</Tag>
                      </Link>
                    ))}
                  </Space>
                ) : null}
              </div>
            </List.Item>
          )}
        />
      )}
      <LaggardsDrawer target={laggardsOf} onClose={() => setLaggardsOf(null)} />
    </Card>
  );
}
