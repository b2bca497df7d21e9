import { Alert, Button, Card, Empty, List, Skeleton, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Route, Routes, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { CaseCreatePage } from './CaseCreatePage.tsx';
import { CaseDetailPage } from './CaseDetailPage.tsx';
import { CaseRow, useCaseTypes } from './common.tsx';
import { LoadMore, useCaseList } from './InboxPage.tsx';

/** The requester's list: the cases filed by (or for) the user's organisation, newest first. */
function MyCasesList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const types = useCaseTypes();
  const { list, items } = useCaseList({ view: 'requested' });
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <Typography.Title level={3} style={{ margin: '8px 0 12px' }}>
          {t('cases.portal.title')}
        </Typography.Title>
      </div>
      <Button
        type="primary"
        size="large"
        block
        icon={<PlusOutlined />}
        onClick={() => void navigate('/my-cases/new')}
        style={{ marginBottom: 12 }}
      >
        {t('cases.portal.new')}
      </Button>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error, t)} />}
      {list.isPending ? (
        <Skeleton active />
      ) : (
        <List
          dataSource={items}
          locale={{ emptyText: <Empty description={t('cases.portal.empty')} /> }}
          renderItem={(c) => (
            <List.Item style={{ padding: '6px 0', border: 'none' }}>
              <Card size="small" style={{ width: '100%' }}>
                <CaseRow c={c} types={types.data?.items} onOpen={() => void navigate(`/my-cases/${c.id}`)} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(c.createdAt)}
                </Typography.Text>
              </Card>
            </List.Item>
          )}
        />
      )}
      <LoadMore list={list} count={items.length} />
    </div>
  );
}

/** /my-cases: the enterprise user's portal — list, submit a problem, follow one case. */
export function MyCasesPage() {
  return (
    <Routes>
      <Route index element={<MyCasesList />} />
      <Route path="new" element={<CaseCreatePage portal />} />
      <Route path=":id" element={<CaseDetailPage portal />} />
    </Routes>
  );
}
