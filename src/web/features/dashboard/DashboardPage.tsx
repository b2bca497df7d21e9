import { Empty } from 'antd';

/** The command dashboard. STUB: filled by the dashboard web work. */
export function DashboardPage() {
  return <Empty />;
}
