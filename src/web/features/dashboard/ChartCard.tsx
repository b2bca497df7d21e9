import type { ReactNode, RefObject } from 'react';
import { Button, Card, Space, Tooltip } from 'antd';
import { FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadDataUrl, type DashboardChartHandle } from './DashboardChart.tsx';

/**
 * A dashboard chart's frame: its title, and the two exports every chart offers — the picture as drawn
 * (PNG, in the browser) and its data (xlsx, from the server, in the UI's language).
 */
export function ChartCard({
  title,
  testId,
  chart,
  filename,
  xlsxHref,
  extra,
  children,
}: {
  title: ReactNode;
  testId: string;
  /** The chart the PNG button draws; none for a card that is not a chart (no PNG button). */
  chart?: RefObject<DashboardChartHandle | null>;
  filename: string;
  xlsxHref: string | null;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const png = () => {
    const url = chart?.current?.getDataURL();
    if (url) downloadDataUrl(url, `${filename}.png`);
  };
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      styles={{ body: { padding: 12, minWidth: 0 }, header: { flexWrap: 'wrap', gap: 4 } }}
      extra={
        <Space size={4} wrap>
          {extra}
          {chart && (
            <Tooltip title={t('dashboard.charts.pngTitle')}>
              <Button size="small" icon={<PictureOutlined />} onClick={png} data-testid={`${testId}-png`}>
                {t('dashboard.charts.png')}
              </Button>
            </Tooltip>
          )}
          {xlsxHref && (
            <Tooltip title={t('dashboard.charts.xlsxTitle')}>
              <Button
                size="small"
                icon={<FileExcelOutlined />}
                href={xlsxHref}
                data-testid={`${testId}-xlsx`}
              >
                {t('dashboard.charts.xlsx')}
              </Button>
            </Tooltip>
          )}
        </Space>
      }
    >
      {children}
    </Card>
  );
}
