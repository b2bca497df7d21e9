import { useState } from 'react';
import { Alert, Button, Card, Empty, Grid, List, Space, Typography } from 'antd';
import { HomeOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../api.ts';
import { useCan } from '../../session.ts';
import { DwellingFormModal } from './DwellingFormModal.tsx';
import { DwellingHouseholds } from './DwellingHouseholds.tsx';
import { peopleApi } from './api.ts';
import { CompoundSelect } from './pickers.tsx';

/** /people/dwellings: the dwellings of one compound, registering dwellings and households. */
export function DwellingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const canManage = useCan('people:manage');
  // The compound lives in the URL so "back" from a household returns to the same list.
  const [params, setParams] = useSearchParams();
  const compoundId = params.get('compound') ?? undefined;
  const [adding, setAdding] = useState(false);
  const compound = useQuery({
    queryKey: ['area', compoundId],
    queryFn: () => api.area(compoundId ?? ''),
    enabled: !!compoundId,
  });
  const compoundName = compound.data?.area.name ?? null;
  const dwellings = useInfiniteQuery({
    queryKey: ['dwellings', compoundId, 'list'],
    queryFn: ({ pageParam }) => peopleApi.dwellings(compoundId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!compoundId,
  });
  const items = dwellings.data?.pages.flatMap((p) => p.items) ?? [];
  const newHousehold = (dwellingId?: string) => {
    const query = new URLSearchParams();
    if (compoundId) query.set('compound', compoundId);
    if (dwellingId) query.set('dwelling', dwellingId);
    void navigate(`/people/households/new?${query.toString()}`);
  };

  return (
    <Card title={t('people.tabDwellings')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <div style={{ width: isMobile ? '100%' : 320 }}>
          <CompoundSelect
            id="dwellings-compound"
            value={compoundId}
            initialLabel={compoundName}
            allowClear
            onChange={(id) => setParams(id ? { compound: id } : {}, { replace: true })}
          />
        </div>
        {canManage && (
          <>
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('people.addDwelling')}
            </Button>
            <Button type="primary" icon={<HomeOutlined />} onClick={() => newHousehold()}>
              {t('people.addHousehold')}
            </Button>
          </>
        )}
      </div>
      <div style={{ marginTop: 16 }}>
        {dwellings.isError && <Alert type="error" showIcon title={errorText(dwellings.error, t)} />}
        {!compoundId ? (
          <Empty description={t('people.chooseCompound')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            loading={dwellings.isPending}
            dataSource={items}
            grid={isMobile ? undefined : { gutter: 12, column: 3 }}
            locale={{
              emptyText: <Empty description={t('people.noDwellings')} image={Empty.PRESENTED_IMAGE_SIMPLE} />,
            }}
            renderItem={(d) => (
              <List.Item key={d.id}>
                <Card size="small" style={{ width: '100%' }} styles={{ body: { padding: 12 } }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                    <div>
                      <Typography.Text strong>{d.label}</Typography.Text>
                      {d.address && (
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {d.address}
                        </Typography.Text>
                      )}
                    </div>
                    {canManage && (
                      <Button size="small" onClick={() => newHousehold(d.id)}>
                        {t('people.addHousehold')}
                      </Button>
                    )}
                  </Space>
                  <DwellingHouseholds dwellingId={d.id} />
                </Card>
              </List.Item>
            )}
          />
        )}
        {dwellings.hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button loading={dwellings.isFetchingNextPage} onClick={() => void dwellings.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </div>
      {adding && (
        <DwellingFormModal
          compound={compoundId ? { id: compoundId, name: compoundName } : undefined}
          onClose={() => setAdding(false)}
          onCreated={(d) => {
            setAdding(false);
            setParams({ compound: d.compoundAreaId }, { replace: true });
          }}
        />
      )}
    </Card>
  );
}
