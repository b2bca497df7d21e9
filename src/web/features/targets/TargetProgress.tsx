import { Progress } from 'antd';
import type { TargetDto } from './api.ts';
import { progressColour, progressPercent } from './format.ts';

/** A target's progress bar: capped at a full bar, coloured by status, the exact share as its label. */
export function TargetProgress({ target }: { target: TargetDto }) {
  return (
    <Progress
      percent={progressPercent(target.progress)}
      size="small"
      strokeColor={progressColour(target.status)}
      format={() => (target.progress === null ? '—' : `${Math.round(target.progress * 1000) / 10}%`)}
      style={{ margin: 0, minWidth: 0 }}
    />
  );
}
