import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { staffApi } from './api.ts';
import { StaffFormModal } from './StaffFormModal.tsx';

/** One staff member: masked phone, a reveal (audited on the server) when allowed, edit when allowed. */
export function StaffDetailDrawer({
  staffId,
  narrow,
  onClose,
}: {
  staffId: string | undefined;
  narrow: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  // The clear number lives only in this component's state, for the member it was revealed for.
  const [revealed, setRevealed] = useState<{ id: string; phone: string | null } | undefined>();
  const detail = useQuery({
    queryKey: ['staff', 'member', staffId],
    queryFn: () => staffApi.member(staffId ?? ''),
    enabled: staffId !== undefined,
  });
  const reveal = useMutation({
    mutationFn: (id: string) => staffApi.revealPhone(id),
    onSuccess: (result, id) => setRevealed({ id, phone: result.phone }),
    onError: (error) => void message.error(errorText(error, t)),
  });
  const member = detail.data;
  const clear = revealed && revealed.id === staffId ? revealed : undefined;
  const close = () => {
    setRevealed(undefined);
    onClose();
  };
  return (
    <Drawer
      open={staffId !== undefined}
      onClose={close}
      title={member?.name ?? t('staff.detail.title')}
      size={narrow ? '100%' : 480}
      destroyOnHidden
      extra={
        member?.can.update ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('staff.form.edit')}
          </Button>
        ) : null
      }
    >
      {detail.isPending && staffId !== undefined ? (
        <Skeleton active />
      ) : detail.isError ? (
        <Empty description={errorText(detail.error, t)} />
      ) : member ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('staff.list.phone')}>
              <Space wrap>
                {clear ? (
                  clear.phone ? (
                    <Typography.Link href={`tel:${clear.phone}`} copyable={{ text: clear.phone }}>
                      {clear.phone}
                    </Typography.Link>
                  ) : (
                    '—'
                  )
                ) : (
                  (member.phoneMasked ?? '—')
                )}
                {member.can.reveal && !clear ? (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    loading={reveal.isPending}
                    onClick={() => reveal.mutate(member.id)}
                  >
                    {t('staff.detail.reveal')}
                  </Button>
                ) : null}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('staff.list.department')}>
              {member.departmentName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('staff.list.title')}>{member.title ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('staff.list.area')}>
              {member.areaName ?? member.areaPath}
            </Descriptions.Item>
            <Descriptions.Item label={t('staff.detail.login')}>
              {member.userId ? t('staff.detail.linked') : t('staff.detail.notLinked')}
            </Descriptions.Item>
            <Descriptions.Item label={t('staff.list.status')}>
              {member.active ? (
                <Tag color="green">{t('staff.list.active')}</Tag>
              ) : (
                <Tag>{t('staff.list.inactive')}</Tag>
              )}
            </Descriptions.Item>
          </Descriptions>
          {member.can.reveal ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('staff.detail.revealHint')}
            </Typography.Paragraph>
          ) : null}
          {editing ? (
            <StaffFormModal
              key={`${member.id}:${member.version}`}
              member={member}
              open
              onClose={() => setEditing(false)}
              onSaved={() => setRevealed(undefined)}
            />
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
