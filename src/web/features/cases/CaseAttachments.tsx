import { useState } from 'react';
import { App, Button, Empty, List, Switch, Tag, Typography, Upload } from 'antd';
import { LockOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  casesApi,
  uploadAttachment,
  type Attachment,
  type CaseDetail,
  type CaseEvent,
} from './api.ts';
import { useCaseRefresh } from './CaseActions.tsx';
import { useCaseEvents } from './CaseTimeline.tsx';

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Attachments from the case (when the server lists them) or else from the timeline's events. */
function attachmentsOf(c: CaseDetail, events: CaseEvent[] | undefined): Attachment[] {
  if (c.attachments) return c.attachments;
  const found: Attachment[] = [];
  for (const e of events ?? []) {
    const d = e.data ?? {};
    const nested =
      typeof d.attachment === 'object' && d.attachment !== null
        ? (d.attachment as Record<string, unknown>)
        : d;
    const id = nested.attachmentId ?? nested.id;
    if (e.kind !== 'attachment' || typeof id !== 'string') continue;
    found.push({
      id,
      fileName: String(nested.fileName ?? e.body ?? id),
      contentType: String(nested.contentType ?? ''),
      sizeBytes: Number(nested.sizeBytes ?? 0),
      sha256: String(nested.sha256 ?? ''),
      visibility: e.visibility,
      createdAt: e.at,
    });
  }
  return found;
}

/** The case's files with download links, and an upload button sending the raw file. */
export function CaseAttachments({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const events = useCaseEvents(c.id);
  const refresh = useCaseRefresh(c.id);
  const [internal, setInternal] = useState(false);
  const [busy, setBusy] = useState(false);
  // The list route when the server has it; otherwise the attachments the timeline mentions.
  const listed = useQuery({
    queryKey: ['cases', 'attachments', c.id],
    queryFn: () => casesApi.attachments(c.id),
    retry: false,
  });
  const files = listed.data?.items ?? attachmentsOf(c, events.data?.items);
  return (
    <div data-testid="case-attachments">
      <List
        size="small"
        dataSource={files}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.files.empty')} />,
        }}
        renderItem={(f) => (
          <List.Item style={{ paddingInline: 0 }}>
            <div style={{ minWidth: 0 }}>
              <a
                href={casesApi.attachmentUrl(c.id, f.id)}
                download={f.fileName}
                style={{ wordBreak: 'break-all' }}
              >
                <PaperClipOutlined /> {f.fileName}
              </a>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {[f.sizeBytes ? size(f.sizeBytes) : null, formatTime(f.createdAt)]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </div>
            {f.visibility === 'internal' && (
              <Tag icon={<LockOutlined />} color="orange">
                {t('cases.timeline.internal')}
              </Tag>
            )}
          </List.Item>
        )}
      />
      {c.can.attach && (
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12, marginTop: 8 }}>
          <Upload
            accept={ATTACHMENT_TYPES.join(',')}
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              const raw = file as File;
              setBusy(true);
              uploadAttachment(
                c.id,
                raw,
                internal && c.can.commentInternal ? 'internal' : 'public',
                me.csrfToken,
              )
                .then(async (saved) => {
                  onSuccess?.(saved);
                  void message.success(t('cases.files.uploaded', { name: saved.fileName }));
                  await refresh();
                })
                .catch((error: unknown) => {
                  onError?.(error instanceof Error ? error : new Error(String(error)));
                  void message.error(errorText(error, t));
                })
                .finally(() => setBusy(false));
            }}
            beforeUpload={(file) => {
              if (file.size > ATTACHMENT_MAX_BYTES) {
                void message.error(t('cases.files.tooLarge'));
                return Upload.LIST_IGNORE;
              }
              if (!ATTACHMENT_TYPES.includes(file.type)) {
                void message.error(t('cases.files.badType'));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              {busy ? t('cases.files.uploading') : t('cases.files.upload')}
            </Button>
          </Upload>
          {c.can.commentInternal && (
            <label style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
              <Switch size="small" checked={internal} onChange={setInternal} />
              {t('cases.files.internal')}
            </label>
          )}
        </div>
      )}
    </div>
  );
}
