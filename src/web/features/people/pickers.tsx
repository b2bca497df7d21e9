import { useState } from 'react';
import { Select, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { peopleApi, type Person } from './api.ts';

/** Finds an active residential compound (an area of level place, kind residential_compound). */
export function CompoundSelect({
  value,
  onChange,
  initialLabel,
  allowClear,
  id,
}: {
  value?: string;
  onChange?(value: string | undefined): void;
  initialLabel?: string | null;
  allowClear?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const found = useQuery({
    queryKey: ['areaSearch', 'compound', term],
    queryFn: () => api.searchAreas(term, { level: 'place', limit: 30 }),
    enabled: term.trim().length > 0,
  });
  const options: { value: string; label: string }[] = (found.data?.items ?? [])
    .filter((a) => a.active && a.kind === 'residential_compound')
    .map((a) => ({ value: a.id, label: [...a.ancestors.map((p) => p.name).slice(-1), a.name].join(' › ') }));
  if (value && initialLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: initialLabel });
  }
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={t('people.compoundPlaceholder')}
      options={options}
      allowClear={allowClear}
      style={{ width: '100%' }}
      notFoundContent={found.isFetching ? <Spin size="small" /> : null}
    />
  );
}

/** The dwellings of one compound; the list is short enough (≤ 200) to filter in the browser. */
export function DwellingSelect({
  compoundAreaId,
  value,
  onChange,
  id,
}: {
  compoundAreaId?: string;
  value?: string | null;
  onChange?(value: string | null): void;
  id?: string;
}) {
  const { t } = useTranslation();
  const dwellings = useQuery({
    queryKey: ['dwellings', compoundAreaId, 'select'],
    queryFn: () => peopleApi.dwellings(compoundAreaId, undefined, 200),
    enabled: !!compoundAreaId,
  });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      disabled={!compoundAreaId}
      loading={dwellings.isFetching}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={compoundAreaId ? t('people.dwellingPlaceholder') : t('people.dwellingNeedsCompound')}
      options={(dwellings.data?.items ?? []).map((d) => ({ value: d.id, label: d.label }))}
      style={{ width: '100%' }}
      notFoundContent={dwellings.isFetching ? <Spin size="small" /> : t('people.noDwellings')}
    />
  );
}

/** Finds a person by name fragment or full ID number; `onPick` also hands over the whole record. */
export function PersonSelect({
  value,
  onChange,
  onPick,
  placeholder,
  id,
}: {
  value?: string;
  onChange?(value: string | undefined): void;
  onPick?(person: Person | undefined): void;
  placeholder?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const found = useQuery({
    queryKey: ['people', 'pick', term],
    queryFn: () => peopleApi.list({ q: term.trim(), sort: 'name' }),
    enabled: term.trim().length > 0,
  });
  // The chosen person stays labelled after the search text changes.
  const [picked, setPicked] = useState<Person | undefined>(undefined);
  const results = found.data?.items ?? [];
  const items =
    picked && picked.id === value && !results.some((p) => p.id === picked.id)
      ? [picked, ...results]
      : results;
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => {
        const person = items.find((p) => p.id === v);
        setPicked(person);
        onChange?.(v);
        onPick?.(person);
      }}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={placeholder ?? t('people.personSearchPlaceholder')}
      allowClear
      style={{ width: '100%' }}
      optionLabelProp="title"
      options={items.map((p) => ({
        value: p.id,
        title: p.name,
        label: (
          <div style={{ whiteSpace: 'normal' }}>
            <span>{p.name}</span>
            {p.householdRole && (
              <Tag style={{ marginInlineStart: 6 }}>{t(`people.roles.${p.householdRole}`)}</Tag>
            )}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {[p.idNumberMasked, p.areaName].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
        ),
      }))}
      notFoundContent={
        found.isFetching ? <Spin size="small" /> : term.trim() ? t('people.noPeopleFound') : null
      }
    />
  );
}
