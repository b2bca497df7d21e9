import { Badge, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatClock } from './format.ts';

/** "实时" (green while the event stream is connected) and when the figures were last fetched. */
export function LiveBadge({
  connected,
  updatedAt,
  large,
}: {
  connected: boolean;
  updatedAt: number | null;
  large: boolean;
}) {
  const { t } = useTranslation();
  const size = large ? 16 : 13;
  return (
    <Tooltip title={connected ? t('dashboard.live.connectedTip') : t('dashboard.live.offlineTip')}>
      <Space size={8} data-testid="live-badge" data-connected={connected ? 'true' : 'false'}>
        <Badge
          status={connected ? 'success' : 'default'}
          text={
            <span style={{ fontSize: size, color: connected ? '#52c41a' : undefined }}>
              {connected ? t('dashboard.live.live') : t('dashboard.live.offline')}
            </span>
          }
        />
        {updatedAt !== null && (
          <Typography.Text type="secondary" style={{ fontSize: size }} data-testid="live-updated">
            {t('dashboard.live.updatedAt', { time: formatClock(updatedAt) })}
          </Typography.Text>
        )}
      </Space>
    </Tooltip>
  );
}
