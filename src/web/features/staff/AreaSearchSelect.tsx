import { useEffect, useState } from 'react';
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';

/** Finds areas in the caller's scope on the server as the user types (GET /api/areas/search). */
export function AreaSearchSelect({
  value,
  onChange,
  id,
  placeholder,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['staff', 'area-search', q],
    queryFn: () => api.searchAreas(q, { limit: 20 }),
    enabled: q.length > 0,
  });
  const options = (found.data?.items ?? []).map((a) => ({
    value: a.id,
    label: [...a.ancestors.map((x) => x.name), a.name].join(' / '),
  }));
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t('staff.form.areaPlaceholder')}
      notFoundContent={
        found.isFetching ? <Spin size="small" /> : q ? t('staff.form.areaNone') : t('staff.form.areaType')
      }
      options={options}
      style={{ width: '100%' }}
    />
  );
}
