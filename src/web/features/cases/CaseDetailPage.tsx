import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  Modal,
  Popconfirm,
  Rate,
  Result,
  Row,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, BookOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { casesApi, loc, type CaseDetail } from './api.ts';
import { CaseActions, useCaseRefresh } from './CaseActions.tsx';
import { CaseAttachments } from './CaseAttachments.tsx';
import { CaseTasksPanel } from './CaseTasks.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CaseTags, categoryName, fieldAnswerText, useCaseTypes, useDepartmentName } from './common.tsx';

/** A handover waiting for its receiver: who to whom, why, and accept/decline (with a reason). */
function PendingHandover({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useCaseRefresh(c.id);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const h = c.pendingHandover;
  const answer = useMutation({
    mutationFn: (a: 'accept' | 'decline') => casesApi.answerHandover(c.id, h?.id ?? '', a, reason.trim()),
    onSuccess: async () => {
      void message.success(t('cases.actions.handoverAnswered'));
      setDeclining(false);
      await refresh();
    },
    onError: async (error) => {
      void message.error(errorText(error, t));
      if (error instanceof ApiError && error.status === 409) await refresh();
    },
  });
  if (!h) return null;
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t('cases.detail.pendingHandover', { from: h.from?.name ?? '—', to: h.to.name })}
        description={h.reason ? t('cases.detail.handoverReason', { reason: h.reason }) : undefined}
        action={
          h.can.accept || h.can.decline ? (
            <Space orientation="vertical" size={4}>
              {h.can.accept && (
                <Popconfirm
                  title={t('cases.actions.confirmTitle', { action: t('cases.actions.acceptHandover') })}
                  onConfirm={() => answer.mutate('accept')}
                >
                  <Button size="small" type="primary" loading={answer.isPending}>
                    {t('cases.actions.acceptHandover')}
                  </Button>
                </Popconfirm>
              )}
              {h.can.decline && (
                <Button size="small" danger onClick={() => setDeclining(true)}>
                  {t('cases.actions.declineHandover')}
                </Button>
              )}
            </Space>
          ) : undefined
        }
      />
      <Modal
        open={declining}
        title={t('cases.actions.declineHandover')}
        onCancel={() => setDeclining(false)}
        onOk={() => answer.mutate('decline')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={answer.isPending}
        destroyOnHidden
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={t('cases.actions.reasonPlaceholder')}
          aria-label={t('cases.actions.reason')}
        />
      </Modal>
    </>
  );
}

/** The requester's 1–5 rating with an optional comment, once the case is resolved or closed. */
function RatingCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const rate = useMutation({
    mutationFn: () =>
      casesApi.rate(c.id, { rating: stars, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: (updated) => {
      client.setQueryData(['cases', 'detail', c.id], updated);
      void message.success(t('cases.portal.rated'));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  if (c.rating) {
    return (
      <Card size="small" title={t('cases.portal.yourRating')}>
        <Rate disabled value={c.rating} />
        {c.ratingComment && (
          <Typography.Paragraph style={{ marginTop: 8 }}>{c.ratingComment}</Typography.Paragraph>
        )}
      </Card>
    );
  }
  if (!c.can.rate) return null;
  return (
    <Card size="small" title={t('cases.portal.rate')} data-testid="rating-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Rate value={stars} onChange={setStars} style={{ fontSize: 28 }} />
        <Input.TextArea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={1000}
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={t('cases.portal.rateComment')}
        />
        <Button
          type="primary"
          block
          disabled={stars === 0}
          loading={rate.isPending}
          onClick={() => rate.mutate()}
        >
          {t('cases.portal.submit')}
        </Button>
      </Space>
    </Card>
  );
}

/**
 * /cases/:id (and /my-cases/:id with `portal`): header with the SLA clocks, the allowed actions,
 * description and answers, resolution, tasks, attachments and the timeline with the comment box.
 */
export function CaseDetailPage({ portal = false }: { portal?: boolean }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const types = useCaseTypes();
  const department = useDepartmentName();
  const base = portal ? '/my-cases' : '/cases';
  const detail = useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => casesApi.get(id) });

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => void navigate(base)}
      style={{ paddingInline: 0 }}
    >
      {t('cases.detail.back')}
    </Button>
  );
  if (detail.isPending) return <Card>{<Skeleton active paragraph={{ rows: 8 }} />}</Card>;
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'warning'}
        title={missing ? t('cases.detail.notFound') : errorText(detail.error, t)}
        extra={back}
      />
    );
  }
  const c = detail.data;
  const type = types.data?.items.find((ty) => ty.code === c.typeCode);
  const fieldEntries = Object.entries(c.fields ?? {});
  const none = t('cases.field.none');
  const portalLabels = portal
    ? {
        confirm: t('cases.portal.confirm'),
        reopen: t('cases.portal.reopen'),
        reopenReason: t('cases.portal.reopenPlaceholder'),
      }
    : {};

  const overview = [
    { key: 'type', label: t('cases.field.type'), children: loc(c.typeName) },
    ...(c.category
      ? [
          {
            key: 'category',
            label: t('cases.field.category'),
            children: categoryName(types.data?.items, c.typeCode, c.category),
          },
        ]
      : []),
    ...(c.subject ? [{ key: 'subject', label: t('cases.field.subject'), children: c.subject.name }] : []),
    ...(c.areaName ? [{ key: 'area', label: t('cases.field.area'), children: c.areaName }] : []),
    { key: 'owner', label: t('cases.field.owner'), children: c.owner?.name ?? t('cases.field.noOwner') },
    {
      key: 'department',
      label: t('cases.field.department'),
      children: department(c.handlingDepartmentCode) || none,
    },
    ...(c.requester && !portal
      ? [
          {
            key: 'requester',
            label: t('cases.field.requester'),
            children: [c.requester.name, c.requester.phoneMasked].filter(Boolean).join(' ') || none,
          },
        ]
      : []),
    { key: 'createdAt', label: t('cases.field.createdAt'), children: formatTime(c.createdAt) },
    ...(c.dueResolutionAt
      ? [
          {
            key: 'due',
            label: t('cases.sla.resolution'),
            children: t('cases.sla.dueAt', { time: formatTime(c.dueResolutionAt) }),
          },
        ]
      : []),
    ...(c.mergedInto
      ? [
          {
            key: 'merged',
            label: t('cases.field.mergedInto'),
            children: <Link to={`${base}/${c.mergedInto.id}`}>{c.mergedInto.code}</Link>,
          },
        ]
      : []),
  ];

  return (
    <div style={{ maxWidth: 1200 }} data-testid="case-page">
      {back}
      <Card style={{ marginBottom: 12 }} styles={{ body: { padding: 16 } }}>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }} data-testid="case-code">
            {c.code}
          </Typography.Text>
          <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-word' }}>
            {c.title}
          </Typography.Title>
          <CaseTags c={c} types={types.data?.items} />
          <PendingHandover c={c} />
          <CaseActions c={c} labels={portalLabels} />
        </Space>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('cases.detail.overview')}>
              <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" items={overview} />
              <Typography.Paragraph
                style={{ marginTop: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
              >
                {c.description}
              </Typography.Paragraph>
              {fieldEntries.length > 0 && (
                <Descriptions
                  title={<span style={{ fontSize: 14 }}>{t('cases.detail.fields')}</span>}
                  column={1}
                  size="small"
                  items={fieldEntries.map(([key, value]) => {
                    const spec = type?.fields.find((f) => f.key === key);
                    return {
                      key,
                      label: spec ? loc(spec.label) : key,
                      children: fieldAnswerText(spec, value, t('common.yes'), t('common.no')),
                    };
                  })}
                />
              )}
            </Card>
            {(c.resolution || c.guide) && (
              <Card size="small" title={t('cases.field.resolution')}>
                {c.resolution && (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                    {c.resolution}
                  </Typography.Paragraph>
                )}
                {c.guide && (
                  <Typography.Text>
                    <BookOutlined /> {t('cases.field.guide')}：{c.guide.title}
                  </Typography.Text>
                )}
              </Card>
            )}
            {portal && <RatingCard c={c} />}
            {!portal && (
              <Card size="small" title={t('cases.detail.tasks')}>
                <CaseTasksPanel c={c} />
              </Card>
            )}
            <Card size="small" title={t('cases.detail.attachments')}>
              <CaseAttachments c={c} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('cases.detail.timeline')}>
            {portal && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('cases.portal.publicOnly')}
              </Typography.Paragraph>
            )}
            <CaseTimeline c={c} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
