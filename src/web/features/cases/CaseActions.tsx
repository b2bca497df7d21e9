import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { casesApi, type ActionBody, type CaseAction, type CaseDetail } from './api.ts';
import { showServerErrors } from './fieldErrors.ts';
import { CasePicker, GuidePicker, UserPicker } from './pickers.tsx';

type Dialog = 'resolve' | 'reject' | 'withdraw' | 'reopen' | 'merge' | 'handover' | 'orderHandover';

/** Actions answered with one click after a confirmation. */
const SIMPLE: CaseAction[] = ['accept', 'start', 'close', 'confirm'];
/** Actions that need text (and sometimes a pick) in a dialog. */
const WITH_DIALOG: Dialog[] = [
  'resolve',
  'reopen',
  'merge',
  'handover',
  'orderHandover',
  'reject',
  'withdraw',
];
const DANGER = new Set<string>(['reject', 'withdraw', 'close', 'merge']);

interface DialogValues {
  reason?: string;
  resolution?: string;
  guideId?: string;
  intoCaseId?: string;
  toUserId?: string;
}

const FIELDS = ['reason', 'resolution', 'guideId', 'intoCaseId', 'toUserId', 'version'];

/**
 * Reloads the case after the server refused a move because the case changed (409): the message
 * is the server's, the buttons come back for the current status.
 */
export function useCaseRefresh(caseId: string) {
  const client = useQueryClient();
  return async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['cases', 'detail', caseId] }),
      client.invalidateQueries({ queryKey: ['cases', 'events', caseId] }),
      client.invalidateQueries({ queryKey: ['cases', 'attachments', caseId] }),
      client.invalidateQueries({ queryKey: ['cases', 'list'] }),
    ]);
  };
}

/** The buttons the server allows (`can`), each with its confirmation or dialog. */
export function CaseActions({ c, labels = {} }: { c: CaseDetail; labels?: Partial<Record<string, string>> }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const client = useQueryClient();
  const refresh = useCaseRefresh(c.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm<DialogValues>();
  const label = (key: string) => labels[key] ?? t(`cases.actions.${key}`);

  const onError = async (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) {
      void message.warning(error.message || t('cases.detail.reloaded'));
      setDialog(null);
      await refresh();
      return;
    }
    if (!(dialog && showServerErrors(form, error, FIELDS))) void message.error(errorText(error, t));
  };

  const act = useMutation({
    mutationFn: ({ action, body }: { action: CaseAction; body: Omit<ActionBody, 'version'> }) =>
      casesApi.act(c.id, action, { version: c.version, ...body }),
    onSuccess: async (updated, { action }) => {
      client.setQueryData(['cases', 'detail', c.id], updated);
      void message.success(t('cases.actions.done', { action: label(action) }));
      setDialog(null);
      await refresh();
    },
    onError,
  });

  const handover = useMutation({
    mutationFn: (v: { toUserId: string; reason: string; order: boolean }) => casesApi.handover(c.id, v),
    onSuccess: async () => {
      void message.success(t('cases.actions.handoverSent'));
      setDialog(null);
      await refresh();
    },
    onError,
  });

  const submitDialog = (v: DialogValues) => {
    if (!dialog) return;
    if (dialog === 'handover' || dialog === 'orderHandover') {
      handover.mutate({
        toUserId: v.toUserId ?? '',
        reason: (v.reason ?? '').trim(),
        order: dialog === 'orderHandover',
      });
      return;
    }
    const body: Omit<ActionBody, 'version'> = {};
    if (v.reason?.trim()) body.reason = v.reason.trim();
    if (v.resolution?.trim()) body.resolution = v.resolution.trim();
    if (v.guideId) body.guideId = v.guideId;
    if (v.intoCaseId) body.intoCaseId = v.intoCaseId;
    act.mutate({ action: dialog, body });
  };

  const simple = SIMPLE.filter((a) => c.can[a]);
  const dialogs = WITH_DIALOG.filter((d) => c.can[d]);
  if (simple.length === 0 && dialogs.length === 0) return null;
  const required = { required: true, whitespace: true, message: t('cases.create.required') };

  return (
    <>
      <Space wrap data-testid="case-actions">
        {simple.map((action) => (
          <Popconfirm
            key={action}
            title={t('cases.actions.confirmTitle', { action: label(action) })}
            onConfirm={() => act.mutate({ action, body: {} })}
            okButtonProps={{ danger: DANGER.has(action) }}
          >
            <Button
              type={action === 'accept' || action === 'confirm' ? 'primary' : 'default'}
              danger={DANGER.has(action)}
              loading={act.isPending && act.variables?.action === action}
            >
              {label(action)}
            </Button>
          </Popconfirm>
        ))}
        {dialogs.map((d) => (
          <Button
            key={d}
            type={d === 'resolve' ? 'primary' : 'default'}
            danger={DANGER.has(d)}
            onClick={() => {
              form.resetFields();
              setDialog(d);
            }}
          >
            {label(d)}
          </Button>
        ))}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog ? label(dialog) : ''}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={dialog ? label(dialog) : t('common.ok')}
        okButtonProps={{ danger: dialog ? DANGER.has(dialog) : false }}
        confirmLoading={act.isPending || handover.isPending}
        destroyOnHidden
      >
        <Form<DialogValues>
          form={form}
          layout="vertical"
          name="caseAction"
          onFinish={submitDialog}
          preserve={false}
        >
          {dialog === 'resolve' && (
            <>
              <Form.Item
                name="resolution"
                label={t('cases.actions.resolution')}
                rules={[required, { max: 5000 }]}
              >
                <Input.TextArea
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  placeholder={t('cases.actions.resolutionPlaceholder')}
                />
              </Form.Item>
              <Form.Item name="guideId" label={t('cases.actions.guide')}>
                <GuidePicker typeCode={c.typeCode} placeholder={t('cases.actions.guidePlaceholder')} />
              </Form.Item>
            </>
          )}
          {dialog === 'merge' && (
            <Form.Item
              name="intoCaseId"
              label={t('cases.actions.intoCase')}
              rules={[{ required: true, message: t('cases.create.required') }]}
            >
              <CasePicker excludeId={c.id} placeholder={t('cases.actions.intoCasePlaceholder')} />
            </Form.Item>
          )}
          {(dialog === 'handover' || dialog === 'orderHandover') && (
            <Form.Item
              name="toUserId"
              label={t('cases.actions.toUser')}
              rules={[{ required: true, message: t('cases.create.required') }]}
            >
              <UserPicker
                excludeUserId={c.owner?.id ?? me.id}
                placeholder={t('cases.actions.toUserPlaceholder')}
              />
            </Form.Item>
          )}
          {dialog && dialog !== 'resolve' && (
            <Form.Item
              name="reason"
              label={
                dialog === 'reopen' && labels.reopenReason ? labels.reopenReason : t('cases.actions.reason')
              }
              rules={
                dialog === 'merge'
                  ? [{ max: 1000 }]
                  : [required, { max: dialog === 'handover' || dialog === 'orderHandover' ? 500 : 1000 }]
              }
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t('cases.actions.reasonPlaceholder')}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
