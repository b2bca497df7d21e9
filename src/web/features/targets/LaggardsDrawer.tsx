import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Grid,
  List,
  Popconfirm,
  Progress,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { FileDoneOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../../api.ts';
import { targetsApi, type LaggardDto, type TargetDto } from './api.ts';
import {
  caseCode,
  formatValue,
  metricName,
  metricUnit,
  progressColour,
  progressPercent,
  STATUS_COLOURS,
  uiLang,
} from './format.ts';

function SheetLink({ caseId, number }: { caseId: string; number: number }) {
  const { t } = useTranslation();
  return (
    <Link to={`/cases/${caseId}`} data-testid="sheet-link">
      <FileDoneOutlined /> {t('targets.laggards.sheet', { code: caseCode(number) })}
    </Link>
  );
}

/** The target's child areas with their own progress, laggards first, and one-click supervision sheets. */
export function LaggardsDrawer({ target, onClose }: { target: TargetDto | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const laggards = useQuery({
    queryKey: ['targets', 'laggards', target?.id],
    queryFn: () => targetsApi.laggards(target?.id ?? ''),
    enabled: Boolean(target),
  });
  const issue = useMutation({
    mutationFn: (areaId: string) => targetsApi.issueSheet(target?.id ?? '', areaId),
    onSuccess: async (result) => {
      const code = result.sheet.code;
      if (result.created) void message.success(t('targets.laggards.issued', { code }));
      else void message.info(t('targets.laggards.existing', { code }));
      await client.invalidateQueries({ queryKey: ['targets'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const data = laggards.data;
  const shown = data?.target ?? target;
  const unit = shown ? metricUnit(shown.metric) : 'count';
  const value = (v: number | null) => formatValue(v, unit, lang);

  const row = (l: LaggardDto) => (
    <List.Item key={l.area.id} style={{ paddingInline: 0, display: 'block' }} data-testid="laggard-row">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{l.area.name}</Typography.Text>{' '}
          <Tag color={STATUS_COLOURS[l.status]}>{t(`targets.status.${l.status}`)}</Tag>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('targets.row.actualOfTarget', { actual: value(l.actual), target: value(l.targetValue) })}
          </Typography.Text>
        </div>
        {l.sheet ? (
          <SheetLink caseId={l.sheet.caseId} number={l.sheet.number} />
        ) : data?.canIssue && (l.status === 'lagging' || l.status === 'missed' || l.status === 'no_data') ? (
          <Popconfirm
            title={t('targets.laggards.issueConfirm', { area: l.area.name })}
            description={t('targets.laggards.issueHint')}
            okText={t('targets.laggards.issue')}
            cancelText={t('targets.form.cancel')}
            onConfirm={() => issue.mutateAsync(l.area.id).catch(() => undefined)}
          >
            <Button
              size="small"
              type={l.status === 'no_data' ? 'default' : 'primary'}
              danger={l.status === 'missed'}
              icon={<SendOutlined />}
              loading={issue.isPending && issue.variables === l.area.id}
              data-testid="issue-sheet"
            >
              {t('targets.laggards.issue')}
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
      <Progress
        percent={progressPercent(l.progress)}
        size="small"
        strokeColor={progressColour(l.status)}
        format={() => (l.progress === null ? '—' : `${Math.round(l.progress * 1000) / 10}%`)}
        style={{ margin: '4px 0 0' }}
      />
    </List.Item>
  );

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      title={t('targets.laggards.title')}
      data-testid="laggards-drawer"
    >
      {laggards.isError && <Alert type="error" showIcon title={errorText(laggards.error, t)} />}
      {shown && (
        <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 12 }}>
          <Typography.Text strong>{t('targets.laggards.target', { title: shown.title })}</Typography.Text>
          <Typography.Text type="secondary">
            {metricName(shown.metric, lang)} ·{' '}
            {t('targets.row.period', { start: shown.startDay, due: shown.dueDay })}
          </Typography.Text>
          <Typography.Text>
            {t('targets.laggards.summary', {
              area: shown.area.name,
              actual: value(shown.actual),
              target: value(shown.targetValue),
              status: t(`targets.status.${shown.status}`),
            })}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('targets.row.asOf', { day: shown.asOf, share: `${Math.round(shown.elapsed * 100)}%` })}
          </Typography.Text>
        </Space>
      )}
      {data && !data.canIssue && data.items.length > 0 && (
        <Alert type="info" showIcon title={t('targets.laggards.readOnly')} style={{ marginBottom: 12 }} />
      )}
      {laggards.isPending ? (
        !laggards.isError && <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <List
          dataSource={data?.items ?? []}
          renderItem={row}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('targets.laggards.none')} />
            ),
          }}
        />
      )}
    </Drawer>
  );
}
