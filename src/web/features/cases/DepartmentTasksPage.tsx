import { useState } from 'react';
import { Alert, Button, Card, Empty, List, Segmented, Skeleton, Space, Typography } from 'antd';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { casesApi, type CaseTask, type DepartmentTask } from './api.ts';
import { TaskAnswerModal, TaskStatusTag, useTaskAssignee } from './CaseTasks.tsx';

/** /case-tasks: coordination tasks sent to the user's department, with complete/close. */
export function DepartmentTasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const assignee = useTaskAssignee();
  const [status, setStatus] = useState<CaseTask['status']>('open');
  const [answering, setAnswering] = useState<{ task: DepartmentTask; mode: 'complete' | 'close' } | null>(
    null,
  );
  const tasks = useInfiniteQuery({
    queryKey: ['cases', 'tasks', status],
    queryFn: ({ pageParam }) => casesApi.departmentTasks(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!me.department,
  });
  const items = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={t('cases.tasks.title')} style={{ maxWidth: 900 }} styles={{ body: { padding: 12 } }}>
      {!me.department ? (
        <Empty description={t('cases.tasks.noDepartment')} />
      ) : (
        <>
          <Segmented<CaseTask['status']>
            value={status}
            onChange={setStatus}
            options={(['open', 'done', 'closed'] as const).map((s) => ({
              value: s,
              label: t(`cases.tasks.statuses.${s}`),
            }))}
            style={{ marginBottom: 12 }}
          />
          {tasks.isError && <Alert type="error" showIcon title={errorText(tasks.error, t)} />}
          {tasks.isPending ? (
            <Skeleton active />
          ) : (
            <List
              dataSource={items}
              locale={{ emptyText: <Empty description={t('cases.tasks.emptyDepartment')} /> }}
              renderItem={(task) => (
                <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid="department-task">
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <TaskStatusTag status={task.status} />
                      <Typography.Text strong>{task.title}</Typography.Text>
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('cases.tasks.case')}：
                      <Link to={`/cases/${task.case.id}`}>{`${task.case.code} ${task.case.title}`}</Link>
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[
                        assignee(task),
                        task.dueAt ? t('cases.tasks.dueAt', { time: formatTime(task.dueAt) }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                    {task.description && <Typography.Text>{task.description}</Typography.Text>}
                    {task.result && (
                      <Typography.Text>
                        {t('cases.tasks.result')}：{task.result}
                      </Typography.Text>
                    )}
                    {(task.can.complete || task.can.close) && (
                      <Space>
                        {task.can.complete && (
                          <Button
                            type="primary"
                            size="small"
                            onClick={() => setAnswering({ task, mode: 'complete' })}
                          >
                            {t('cases.tasks.complete')}
                          </Button>
                        )}
                        {task.can.close && (
                          <Button danger size="small" onClick={() => setAnswering({ task, mode: 'close' })}>
                            {t('cases.tasks.close')}
                          </Button>
                        )}
                      </Space>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          )}
          {tasks.hasNextPage && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button loading={tasks.isFetchingNextPage} onClick={() => void tasks.fetchNextPage()}>
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
      <TaskAnswerModal
        caseId={answering?.task.case.id ?? ''}
        task={answering?.task ?? null}
        mode={answering?.mode ?? 'complete'}
        onClose={() => setAnswering(null)}
        onDone={() => {
          const caseId = answering?.task.case.id;
          setAnswering(null);
          void client.invalidateQueries({ queryKey: ['cases', 'tasks'] });
          if (caseId) void client.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
        }}
      />
    </Card>
  );
}
