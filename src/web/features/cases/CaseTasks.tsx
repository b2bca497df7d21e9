import { useState } from 'react';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';
import { ApiError, errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { casesApi, type CaseDetail, type CaseTask, type NewTaskBody } from './api.ts';
import { useCaseRefresh } from './CaseActions.tsx';
import { useDepartmentName } from './common.tsx';
import { showServerErrors } from './fieldErrors.ts';
import { DEPARTMENT_CODES } from './departmentCodes.ts';

const TASK_COLOURS: Record<CaseTask['status'], string> = {
  open: 'processing',
  done: 'green',
  closed: 'default',
};

export function TaskStatusTag({ status }: { status: CaseTask['status'] }) {
  const { t } = useTranslation();
  return <Tag color={TASK_COLOURS[status]}>{t(`cases.tasks.statuses.${status}`)}</Tag>;
}

/** Who a task went to: a department, or a named contact in another region. */
export function useTaskAssignee(): (task: CaseTask) => string {
  const department = useDepartmentName();
  return (task) =>
    task.assigneeKind === 'department'
      ? department(task.departmentCode)
      : [task.regionName, task.contactName, task.contactPhoneMasked].filter(Boolean).join(' · ');
}

/** Complete (with the result) or close (with a reason) one task. */
export function TaskAnswerModal({
  caseId,
  task,
  mode,
  onClose,
  onDone,
}: {
  caseId: string;
  task: CaseTask | null;
  mode: 'complete' | 'close';
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const save = useMutation({
    mutationFn: (text: string) =>
      mode === 'complete'
        ? casesApi.completeTask(caseId, task?.id ?? '', text)
        : casesApi.closeTask(caseId, task?.id ?? '', text),
    onSuccess: () => {
      void message.success(mode === 'complete' ? t('cases.tasks.completed') : t('cases.tasks.closed'));
      onDone();
    },
    onError: (error) => {
      // The server names the field result or reason; the dialog has one text box for either.
      if (error instanceof ApiError && error.details.length > 0)
        form.setFields([{ name: 'text', errors: error.details.map((d) => d.reason) }]);
      else void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={task !== null}
      title={`${mode === 'complete' ? t('cases.tasks.complete') : t('cases.tasks.close')}：${task?.title ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mode === 'complete' ? t('cases.tasks.complete') : t('cases.tasks.close')}
      okButtonProps={{ danger: mode === 'close' }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="taskAnswer" onFinish={(v) => save.mutate(v.text.trim())}>
        <Form.Item
          name="text"
          label={mode === 'complete' ? t('cases.tasks.result') : t('cases.tasks.closeReason')}
          rules={[
            { required: true, whitespace: true, message: t('cases.create.required') },
            { max: mode === 'complete' ? 4000 : 500 },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={t('cases.tasks.resultPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface NewTaskValues {
  assigneeKind: 'department' | 'region';
  departmentCode?: string;
  regionName?: string;
  contactName?: string;
  contactPhone?: string;
  title: string;
  description?: string;
  dueHours?: number;
}

const TASK_FIELDS = [
  'assigneeKind',
  'departmentCode',
  'regionName',
  'contactName',
  'contactPhone',
  'title',
  'description',
  'dueHours',
];

function NewTaskModal({ c, open, onClose }: { c: CaseDetail; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useCaseRefresh(c.id);
  const department = useDepartmentName();
  const [form] = Form.useForm<NewTaskValues>();
  const kind = Form.useWatch('assigneeKind', form);
  const save = useMutation({
    mutationFn: (v: NewTaskValues) => {
      const body: NewTaskBody = { assigneeKind: v.assigneeKind, title: v.title.trim() };
      if (v.assigneeKind === 'department') body.departmentCode = v.departmentCode;
      else {
        body.regionName = v.regionName?.trim();
        body.contactName = v.contactName?.trim();
        if (v.contactPhone?.trim()) body.contactPhone = normaliseIdentifier(v.contactPhone).replace(/-/g, '');
      }
      if (v.description?.trim()) body.description = v.description.trim();
      if (v.dueHours) body.dueHours = v.dueHours;
      return casesApi.openTask(c.id, body);
    },
    onSuccess: async () => {
      void message.success(t('cases.tasks.opened'));
      onClose();
      await refresh();
    },
    onError: (error) => {
      if (!showServerErrors(form, error, TASK_FIELDS)) void message.error(errorText(error, t));
    },
  });
  const required = { required: true, whitespace: true, message: t('cases.create.required') };
  return (
    <Modal
      open={open}
      title={t('cases.tasks.open')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<NewTaskValues>
        form={form}
        layout="vertical"
        name="taskCreate"
        initialValues={{ assigneeKind: 'department', dueHours: 24 }}
        onFinish={(v) => save.mutate(v)}
        preserve={false}
      >
        <Form.Item name="assigneeKind" label={t('cases.tasks.assigneeKind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'department', label: t('cases.tasks.kindDepartment') },
              { value: 'region', label: t('cases.tasks.kindRegion') },
            ]}
          />
        </Form.Item>
        {kind !== 'region' ? (
          <Form.Item
            name="departmentCode"
            label={t('cases.tasks.department')}
            rules={[{ required: true, message: t('cases.create.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={DEPARTMENT_CODES.map((code) => ({ value: code, label: department(code) }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="regionName" label={t('cases.tasks.regionName')} rules={[required, { max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="contactName"
              label={t('cases.tasks.contactName')}
              rules={[required, { max: 50 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="contactPhone"
              label={t('cases.tasks.contactPhone')}
              rules={[
                {
                  validator: async (_, value: string | undefined) => {
                    if (value?.trim() && !isValidPhone(normaliseIdentifier(value).replace(/-/g, '')))
                      throw new Error(t('cases.tasks.phoneInvalid'));
                  },
                },
              ]}
            >
              <Input inputMode="tel" />
            </Form.Item>
          </>
        )}
        <Form.Item name="title" label={t('cases.tasks.taskTitle')} rules={[required, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('cases.tasks.taskDescription')} rules={[{ max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="dueHours" label={t('cases.tasks.dueHours')}>
          <InputNumber min={1} max={720} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The case's coordination tasks: who, what, when due, the result; complete/close where allowed. */
export function CaseTasksPanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refresh = useCaseRefresh(c.id);
  const assignee = useTaskAssignee();
  const [creating, setCreating] = useState(false);
  const [answering, setAnswering] = useState<{ task: CaseTask; mode: 'complete' | 'close' } | null>(null);
  return (
    <div data-testid="case-tasks">
      <List
        size="small"
        dataSource={c.tasks}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.tasks.empty')} />,
        }}
        renderItem={(task) => (
          <List.Item style={{ paddingInline: 0, display: 'block' }}>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <TaskStatusTag status={task.status} />
                <Typography.Text strong>{task.title}</Typography.Text>
              </Space>
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
              {task.closeReason && (
                <Typography.Text type="secondary">
                  {t('cases.tasks.closeReason')}：{task.closeReason}
                </Typography.Text>
              )}
              {(task.can.complete || task.can.close) && (
                <Space>
                  {task.can.complete && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setAnswering({ task, mode: 'complete' })}
                    >
                      {t('cases.tasks.complete')}
                    </Button>
                  )}
                  {task.can.close && (
                    <Button size="small" danger onClick={() => setAnswering({ task, mode: 'close' })}>
                      {t('cases.tasks.close')}
                    </Button>
                  )}
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
      {c.can.openTask && (
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginTop: 8 }}>
          {t('cases.tasks.open')}
        </Button>
      )}
      <NewTaskModal c={c} open={creating} onClose={() => setCreating(false)} />
      <TaskAnswerModal
        caseId={c.id}
        task={answering?.task ?? null}
        mode={answering?.mode ?? 'complete'}
        onClose={() => setAnswering(null)}
        onDone={() => {
          setAnswering(null);
          void refresh();
          void client.invalidateQueries({ queryKey: ['cases', 'tasks'] });
        }}
      />
    </div>
  );
}
