import type { ReactNode } from 'react';
import { Grid, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../session.ts';
import { TeamsTab } from './TeamsTab.tsx';
import { StaffListTab } from './StaffListTab.tsx';
import { CoverageTab } from './CoverageTab.tsx';
import { BulkTab } from './BulkTab.tsx';
import { DepartmentsTab } from './DepartmentsTab.tsx';

const TABS = ['teams', 'staff', 'departments', 'coverage', 'bulk'] as const;
type Tab = (typeof TABS)[number];

/** 队伍与分工: teams (incl. the 友邻 network), the staff list, departments, coverage gaps and bulk handover. */
export function StaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [params, setParams] = useSearchParams();
  const canAssign = me.permissions.includes('assignments:manage');
  const visible = TABS.filter((tab) => tab !== 'bulk' || canAssign);
  const requested = params.get('tab');
  const active: Tab = visible.find((tab) => tab === requested) ?? 'teams';
  const content: Record<Tab, ReactNode> = {
    teams: <TeamsTab narrow={narrow} />,
    staff: <StaffListTab narrow={narrow} />,
    departments: <DepartmentsTab narrow={narrow} />,
    coverage: <CoverageTab narrow={narrow} />,
    bulk: <BulkTab narrow={narrow} />,
  };
  return (
    <>
      <Typography.Title level={3}>{t('staff.title')}</Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={visible.map((tab) => ({ key: tab, label: t(`staff.tabs.${tab}`), children: content[tab] }))}
      />
    </>
  );
}
