import { useEffect, useState } from 'react';
import { Select, Spin, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../shared/areas.ts';
import { api } from './api.ts';

/** Finds an area by name within the user's scope; `levels` narrows what may be picked. */
export function AreaSelect({
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
  const [typed, setTyped] = useState('');
  const [term, setTerm] = useState('');
  // Ask the server once the user pauses, not on every keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setTerm(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useQuery({
    queryKey: ['areaSearch', term],
    queryFn: () => api.searchAreas(term, { limit: 30 }),
    enabled: term.length > 0,
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
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={placeholder}
      options={options}
      allowClear={allowClear}
      style={{ width: '100%' }}
      notFoundContent={
        found.isFetching ? (
          <Spin size="small" />
        ) : term ? (
          t('common.areaSearchNone')
        ) : (
          t('common.areaSearchHint')
        )
      }
    />
  );
}
