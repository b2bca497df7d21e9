import { Alert, Button, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { peopleApi } from './api.ts';

/**
 * Who lives in a dwelling: its households from GET /api/households, each linking to its page, with its
 * head and, for renters, the landlord. `exclude` leaves out the household whose page this is shown on.
 */
export function DwellingHouseholds({
  dwellingId,
  exclude,
  emptyText,
}: {
  dwellingId: string;
  exclude?: string;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const households = useInfiniteQuery({
    // Under ['people'] so registering a household or a member refreshes the cards.
    queryKey: ['people', 'households-of-dwelling', dwellingId],
    queryFn: ({ pageParam }) => peopleApi.householdsOfDwelling(dwellingId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (households.isPending) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
  if (households.isError) return <Alert type="error" showIcon title={errorText(households.error, t)} />;
  const items = households.data.pages.flatMap((p) => p.items).filter((h) => h.id !== exclude);
  if (items.length === 0) {
    return (
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 8 }}>
        {emptyText ?? t('people.noHouseholdsHere')}
      </Typography.Text>
    );
  }
  return (
    <div style={{ marginTop: 8 }}>
      <List
        size="small"
        split
        dataSource={items}
        renderItem={(h) => (
          <List.Item key={h.id} style={{ paddingInline: 0 }}>
            <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
              <Link to={`/people/households/${h.id}`}>
                {h.head ? t('people.headNamed', { name: h.head.name }) : t('people.noHead')}
              </Link>
              <Space size={4} wrap>
                <Tag>{t(`people.residentTypes.${h.residentType}`)}</Tag>
                {h.singleRenter && <Tag color="blue">{t('people.singleRenter')}</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('people.householdMembers', { count: h.memberCount })}
                </Typography.Text>
              </Space>
              {h.landlord && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('people.landlordNamed', { name: h.landlord.name })}
                  {h.landlord.phoneMasked ? ` · ${h.landlord.phoneMasked}` : ''}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      {households.hasNextPage && (
        <Button
          size="small"
          type="link"
          style={{ padding: 0 }}
          loading={households.isFetchingNextPage}
          onClick={() => void households.fetchNextPage()}
        >
          {t('people.moreHouseholds')}
        </Button>
      )}
    </div>
  );
}
