import { RobotOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { WebhooksPage } from './WebhooksPage.tsx';

export const webhooksNav: NavEntry = {
  path: '/webhooks',
  permission: 'cases:admin',
  label: 'webhooks.menu',
  icon: <RobotOutlined />,
  element: <WebhooksPage />,
};
