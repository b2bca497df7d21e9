import { Empty } from 'antd';

/** Targets, progress and laggards. STUB: filled by the targets work. */
export function TargetsPage() {
  return <Empty />;
}
