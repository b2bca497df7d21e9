import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUnreadCount } from './api.ts';

/** The header bell: unread count polled every 30 s; a click opens the inbox. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  const label =
    count > 0
      ? `${t('notifications.bell')}: ${t('notifications.bellCount', { count })}`
      : t('notifications.bell');
  return (
    <Button
      type="text"
      aria-label={label}
      title={label}
      onClick={() => void navigate('/inbox')}
      data-testid="notification-bell"
      style={{ paddingInline: 6 }}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
}
