import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { DEPARTMENT_CODES } from '../cases/departmentCodes.ts';
import { caseAdminApi, type TypeSla } from './api.ts';
import { slaDuration } from './caseTypeForm.ts';

export const TYPES_KEY = ['caseAdmin', 'types'] as const;

/**
 * Departments to choose from: the live list for users who may read it, else the seeded codes
 * with their names from the cases strings.
 */
export function useDepartmentOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  const canRead = useCan('staff:read');
  const departments = useQuery({
    queryKey: ['caseAdmin', 'departments'],
    queryFn: caseAdminApi.departments,
    enabled: canRead,
    staleTime: 10 * 60_000,
  });
  // The server names departments in Chinese; English readers get the cases strings' names where known.
  const english = currentLang() === 'en-US';
  if (canRead && departments.data)
    return departments.data.items
      .filter((d) => d.active)
      .map((d) => ({
        value: d.code,
        label: english ? t(`cases.departments.${d.code}`, { defaultValue: d.name }) : d.name,
      }));
  return DEPARTMENT_CODES.map((code) => ({ value: code, label: t(`cases.departments.${code}`) }));
}

/** "2 working hours" in the reader's language. */
export function useSlaDurationText(): (hours: number, basis: TypeSla['basis']) => string {
  const { t } = useTranslation();
  return (hours, basis) => {
    const { count, unit } = slaDuration(hours, basis);
    return t(`caseAdmin.types.sla.units.${unit}`, { count });
  };
}

/** "首次响应 2 工作小时 · 办结 3 工作日". */
export function useSlaSummary(): (sla: TypeSla) => string {
  const { t } = useTranslation();
  const duration = useSlaDurationText();
  return (sla) =>
    t('caseAdmin.types.sla.summary', {
      first: duration(sla.firstResponseHours, sla.basis),
      resolution: duration(sla.resolutionHours, sla.basis),
    });
}
