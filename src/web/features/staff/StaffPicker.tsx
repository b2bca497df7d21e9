import { useEffect, useState } from 'react';
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { staffApi } from './api.ts';

/** Searches active staff on the server as the user types (name fragment or a full phone number). */
export function StaffPicker({
  value,
  onChange,
  id,
  excludeId,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  excludeId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['staff', 'picker', q],
    queryFn: () => staffApi.staff({ q: q || undefined, active: true, limit: 20 }),
  });
  const options = (found.data?.items ?? [])
    .filter((s) => s.id !== excludeId)
    .map((s) => ({
      value: s.id,
      label: [s.name, s.departmentName ?? s.areaName, s.phoneMasked].filter(Boolean).join(' · '),
    }));
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      placeholder={t('staff.picker.placeholder')}
      notFoundContent={found.isFetching ? <Spin size="small" /> : null}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
