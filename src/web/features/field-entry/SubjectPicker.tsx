import { useEffect, useState } from 'react';
import { Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RecordSubjectKind } from '../../../shared/record-forms.ts';
import { fieldEntryApi, type EntrySubject } from './api.ts';

interface SubjectPickerProps {
  kind: RecordSubjectKind;
  placeKind?: string;
  value: EntrySubject | null;
  onChange(subject: EntrySubject): void;
  /** An enterprise user reports for its own organisation only: shown, not chosen. */
  own: boolean;
  invalid: boolean;
}

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Who or where the entry is about; the choice is remembered by the page between entries. */
export function SubjectPicker({ kind, placeKind, value, onChange, own, invalid }: SubjectPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const subjects = useQuery({
    queryKey: ['record-subjects', kind, placeKind ?? null, q],
    queryFn: () => fieldEntryApi.subjects(kind, q || undefined, placeKind),
    // Offline the service worker answers from its copy of the last list.
    networkMode: 'offlineFirst',
    staleTime: 5 * 60_000,
  });
  const items = subjects.data?.items ?? [];
  const first = subjects.data?.items[0];

  useEffect(() => {
    // The portal's own organisation is the only subject an enterprise user may report for.
    if (own && !value && first) onChange(first);
  }, [own, value, first, onChange]);

  const kindLabel = t(`fieldEntry.subjectKinds.${kind}`);
  if (own) {
    return (
      <Typography.Title level={5} style={{ margin: 0 }} data-testid="entry-subject-own">
        {value?.name ?? '…'}
      </Typography.Title>
    );
  }
  const options = [...items];
  if (value && !options.some((o) => o.id === value.id)) options.unshift(value);
  return (
    <Select
      id="entry-subject"
      size="large"
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      style={{ width: '100%' }}
      status={invalid ? 'error' : undefined}
      placeholder={t('fieldEntry.subjectPick', { kind: kindLabel })}
      value={value?.id}
      loading={subjects.isFetching}
      notFoundContent={subjects.isFetching ? undefined : t('fieldEntry.subjectNone')}
      options={options.map((o) => ({
        value: o.id,
        label: o.areaName && kind !== 'place' ? `${o.name}（${o.areaName}）` : o.name,
      }))}
      onChange={(id: string) => {
        const chosen = options.find((o) => o.id === id);
        if (chosen) onChange(chosen);
        setSearch('');
      }}
    />
  );
}
