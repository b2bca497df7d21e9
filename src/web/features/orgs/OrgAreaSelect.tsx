import { useState } from 'react';
import { Select, Spin, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../../../shared/areas.ts';
import { api } from '../../api.ts';

/** Finds an area by name; `levels` narrows what may be picked (orgs sit under a town, community, grid or place). */
export function OrgAreaSelect({
  value,
  onChange,
  levels,
  placeholder,
  initialLabel,
  allowClear,
  id,
}: {
  value?: string;
  onChange?(value: string | undefined): void;
  levels?: readonly AreaLevel[];
  placeholder: string;
  initialLabel?: string | null;
  allowClear?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const found = useQuery({
    queryKey: ['areaSearch', 'orgs', term],
    queryFn: () => api.searchAreas(term, { limit: 30 }),
    enabled: term.trim().length > 0,
  });
  const options = (found.data?.items ?? [])
    .filter((a) => a.active && (!levels || levels.includes(a.level)))
    .map((a) => ({
      value: a.id,
      label: (
        <span>
          <Tag style={{ marginInlineEnd: 6 }}>{t(`levels.${a.level}`)}</Tag>
          {[...a.ancestors.map((p) => p.name), a.name].join(' › ')}
        </span>
      ),
    }));
  if (value && initialLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: <span>{initialLabel}</span> });
  }
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={placeholder}
      options={options}
      allowClear={allowClear}
      style={{ width: '100%' }}
      notFoundContent={found.isFetching ? <Spin size="small" /> : null}
    />
  );
}
