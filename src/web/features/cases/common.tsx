import { useEffect, useState } from 'react';
import { Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, RiseOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { casesApi, loc, type CaseStatus, type CaseSummary, type CaseType } from './api.ts';
import { durationParts, slaClock } from './sla.ts';

export const STATUS_COLOURS: Record<CaseStatus, string> = {
  submitted: 'gold',
  accepted: 'blue',
  in_progress: 'processing',
  resolved: 'green',
  closed: 'default',
  rejected: 'red',
  withdrawn: 'default',
  merged: 'purple',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="case-status">
      {t(`cases.statuses.${status}`, status)}
    </Tag>
  );
}

/** The case types, fetched once per session: their names, categories, fields and SLA. */
export function useCaseTypes() {
  return useQuery({ queryKey: ['cases', 'types'], queryFn: casesApi.types, staleTime: 10 * 60_000 });
}

export function categoryName(
  types: CaseType[] | undefined,
  typeCode: string,
  category: string | null,
): string {
  if (!category) return '';
  const type = types?.find((ty) => ty.code === typeCode);
  const found = type?.categories.find((c) => c.code === category);
  return found ? loc(found.name) : category;
}

export function useDepartmentName(): (code: string | null | undefined) => string {
  const { t } = useTranslation();
  return (code) => (code ? t(`cases.departments.${code}`, code) : '');
}

/** A clock that ticks every 30 s, so countdowns move while the page is open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function useDuration(): (minutes: number) => string {
  const { t } = useTranslation();
  return (minutes) => {
    const { days, hours, mins } = durationParts(minutes);
    if (days > 0)
      return [t('cases.sla.days', { count: days }), hours ? t('cases.sla.hours', { count: hours }) : '']
        .join(' ')
        .trim();
    if (hours > 0)
      return [t('cases.sla.hours', { count: hours }), mins ? t('cases.sla.minutes', { count: mins }) : '']
        .join(' ')
        .trim();
    return t('cases.sla.minutes', { count: mins });
  };
}

/** "办结剩余 5小时" in the SLA's colour: red once overdue, orange in the warning share. */
export function SlaCountdown({ c, warnAtShare }: { c: CaseSummary; warnAtShare?: number }) {
  const { t } = useTranslation();
  const now = useNow();
  const duration = useDuration();
  const clock = slaClock(c, now, warnAtShare);
  if (!clock) return null;
  const label = t(`cases.sla.${clock.clock}`);
  const text =
    clock.state === 'overdue'
      ? t('cases.sla.overdueBy', { clock: label, time: duration(clock.minutesLeft) })
      : t('cases.sla.dueIn', { clock: label, time: duration(clock.minutesLeft) });
  const colour = clock.state === 'overdue' ? 'red' : clock.state === 'warning' ? 'orange' : 'default';
  return (
    <Tag color={colour} icon={<ClockCircleOutlined />} data-testid="sla" data-sla={clock.state}>
      {text}
    </Tag>
  );
}

export function EscalationBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  if (level <= 0) return null;
  return (
    <Tag color="volcano" icon={<RiseOutlined />}>
      {t(`cases.escalation.${Math.min(level, 2)}`)}
    </Tag>
  );
}

/** Code, status, SLA and escalation in one wrapping line, for list rows and the case header. */
export function CaseTags({ c, types }: { c: CaseSummary; types?: CaseType[] }) {
  const { t } = useTranslation();
  const warn = types?.find((ty) => ty.code === c.typeCode)?.sla.warnAtShare;
  return (
    <Space size={[0, 4]} wrap>
      <StatusTag status={c.status} />
      {c.priority === 'urgent' && <Tag color="red">{t('cases.priority.urgent')}</Tag>}
      <SlaCountdown c={c} warnAtShare={warn} />
      <EscalationBadge level={c.escalationLevel} />
    </Space>
  );
}

/** A case as a compact card-like row: the phone layout of every case list. */
export function CaseRow({ c, types, onOpen }: { c: CaseSummary; types?: CaseType[]; onOpen(): void }) {
  const department = useDepartmentName();
  return (
    <div
      role="link"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen();
      }}
      style={{ cursor: 'pointer', width: '100%', minWidth: 0 }}
      data-testid="case-row"
    >
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <Typography.Text strong ellipsis style={{ minWidth: 0, flex: 1 }}>
            {c.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', flexShrink: 0 }}>
            {c.code}
          </Typography.Text>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[
            loc(c.typeName),
            categoryName(types, c.typeCode, c.category),
            c.subject?.name,
            c.owner?.name ?? department(c.handlingDepartmentCode),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
        <CaseTags c={c} types={types} />
      </Space>
    </div>
  );
}

/** The answer as read-only text on the case page. */
export function fieldAnswerText(
  spec: FieldSpec | undefined,
  value: unknown,
  yes: string,
  no: string,
): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (spec?.type === 'select') {
    const option = spec.options?.find((o) => o.value === value);
    if (option) return loc(option.label);
  }
  return String(value);
}
