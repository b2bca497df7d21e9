import { useEffect, useState } from 'react';
import { Select, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { orgsApi } from '../orgs/api.ts';
import { staffApi } from '../staff/api.ts';
import { casesApi } from './api.ts';

/** The typed text, settled: changes 300 ms after the user stops typing. */
export function useDebounced(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface PickerProps {
  value?: string;
  onChange?(value: string | undefined): void;
  id?: string;
  placeholder?: string;
}

function SearchSelect({
  value,
  onChange,
  id,
  placeholder,
  options,
  fetching,
  onSearch,
}: PickerProps & {
  options: { value: string; label: React.ReactNode; title: string }[];
  fetching: boolean;
  onSearch(text: string): void;
}) {
  // Keep the chosen option labelled after the search text moves on.
  const [picked, setPicked] = useState<{ value: string; label: React.ReactNode; title: string }>();
  const all =
    picked && picked.value === value && !options.some((o) => o.value === picked.value)
      ? [picked, ...options]
      : options;
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => {
        setPicked(all.find((o) => o.value === v));
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch }}
      placeholder={placeholder}
      allowClear
      options={all}
      optionLabelProp="title"
      style={{ width: '100%' }}
      notFoundContent={fetching ? <Spin size="small" /> : null}
    />
  );
}

function twoLines(main: string, sub: string | null | undefined) {
  return (
    <div style={{ whiteSpace: 'normal' }}>
      <span>{main}</span>
      {sub && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {sub}
        </Typography.Text>
      )}
    </div>
  );
}

/** An organisation in the user's scope, by name fragment or full credit code. */
export function OrgPicker(props: PickerProps) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useQuery({
    queryKey: ['orgs', 'pick', q],
    queryFn: () => orgsApi.list({ q, sort: 'name' }),
    enabled: q.length > 0,
  });
  const options = (found.data?.items ?? []).map((o) => ({
    value: o.id,
    title: o.name,
    label: twoLines(o.name, [o.creditCode, o.areaName].filter(Boolean).join(' · ')),
  }));
  return <SearchSelect {...props} options={options} fetching={found.isFetching} onSearch={setText} />;
}

/** A colleague who can sign in (staff with a user account); the value is the user id. */
export function UserPicker(props: PickerProps & { excludeUserId?: string }) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useQuery({
    queryKey: ['staff', 'pick-user', q],
    queryFn: () => staffApi.staff({ q: q || undefined, active: true, limit: 30 }),
  });
  const options = (found.data?.items ?? [])
    .filter((s) => s.userId && s.userId !== props.excludeUserId)
    .map((s) => ({
      value: s.userId as string,
      title: s.name,
      label: twoLines(s.name, [s.departmentName ?? s.areaName, s.title].filter(Boolean).join(' · ')),
    }));
  return <SearchSelect {...props} options={options} fetching={found.isFetching} onSearch={setText} />;
}

/** Another open case in scope, by code or title (the target of a merge). */
export function CasePicker(props: PickerProps & { excludeId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useQuery({
    queryKey: ['cases', 'pick', q],
    queryFn: () => casesApi.list({ view: 'all', q }, undefined, 20),
    enabled: q.length > 0,
  });
  const options = (found.data?.items ?? [])
    .filter((c) => c.id !== props.excludeId)
    .map((c) => ({
      value: c.id,
      title: `${c.code} ${c.title}`,
      label: twoLines(`${c.code} ${c.title}`, t(`cases.statuses.${c.status}`)),
    }));
  return <SearchSelect {...props} options={options} fetching={found.isFetching} onSearch={setText} />;
}

/** A guide to link to a resolution. */
export function GuidePicker(props: PickerProps & { typeCode?: string }) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useQuery({
    queryKey: ['guides', 'pick', q, props.typeCode],
    queryFn: () => casesApi.guides({ q: q || undefined, typeCode: props.typeCode }),
  });
  const options = (found.data?.items ?? []).map((g) => ({ value: g.id, title: g.title, label: g.title }));
  return <SearchSelect {...props} options={options} fetching={found.isFetching} onSearch={setText} />;
}
