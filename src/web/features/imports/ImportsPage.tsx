import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Grid,
  List,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import {
  importsApi,
  type CellValue,
  type ColumnMapping,
  type ImportJob,
  type ImportRegistry,
} from './api.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const JOBS_KEY = ['imports'] as const;

const STATUS_COLOURS: Record<ImportJob['status'], string> = {
  parsing: 'processing',
  previewed: 'blue',
  applying: 'processing',
  succeeded: 'success',
  failed: 'error',
};

function stepOf(job: ImportJob | undefined): number {
  if (!job) return 0;
  if (job.status === 'previewed' || job.status === 'parsing') return 1;
  if (job.status === 'applying') return 2;
  return 3;
}

function show(value: CellValue): string {
  if (value === null) return '';
  return String(value);
}

/** Vocabulary codes in the preview shown with the registries' own labels. */
const VOCABULARIES: Record<string, string> = {
  gender: 'people.genders',
  residentType: 'people.residentTypes',
  kind: 'orgs.kinds',
  status: 'orgs.statuses',
};

function useFormatValue(): (key: string, value: CellValue) => string {
  const { t } = useTranslation();
  return (key, value) => {
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    const vocabulary = VOCABULARIES[key];
    if (vocabulary && typeof value === 'string') return t(`${vocabulary}.${value}`, { defaultValue: value });
    return show(value);
  };
}

function ChooseFile({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [registry, setRegistry] = useState<ImportRegistry>('people');
  const upload = useMutation({
    mutationFn: (file: File) => importsApi.upload(registry, file, me.csrfToken),
    onSuccess: onUploaded,
  });
  const problem = upload.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Typography.Text>{t('imports.registry')}</Typography.Text>
        <Radio.Group
          value={registry}
          onChange={(e) => setRegistry(e.target.value as ImportRegistry)}
          optionType="button"
          options={[
            { value: 'people', label: t('imports.registries.people') },
            { value: 'orgs', label: t('imports.registries.orgs') },
          ]}
        />
      </Space>
      <Spin spinning={upload.isPending} description={t('imports.uploading')}>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) void message.error(t('imports.tooLarge'));
            else upload.mutate(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('imports.drop')}</p>
          <p className="ant-upload-hint">{t('imports.dropHint')}</p>
        </Upload.Dragger>
      </Spin>
      {problem && (
        <Alert
          type="error"
          showIcon
          title={errorText(problem, t)}
          description={
            'details' in problem && Array.isArray(problem.details)
              ? (problem.details as { reason: string }[]).map((d) => d.reason).join('；')
              : undefined
          }
        />
      )}
    </Space>
  );
}

function MappingEditor({ job, onChanged }: { job: ImportJob; onChanged: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = !Grid.useBreakpoint().md;
  const [mapping, setMapping] = useState<ColumnMapping[]>(job.mapping);
  useEffect(() => setMapping(job.mapping), [job.mapping]);
  const remap = useMutation({
    mutationFn: () => importsApi.remap(job.id, mapping),
    onSuccess: (next) => {
      onChanged(next);
      void message.success(t('imports.rechecked'));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const options = [
    { value: '', label: t('imports.ignore') },
    ...job.fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} *` : f.label })),
  ];
  const changed = JSON.stringify(mapping) !== JSON.stringify(job.mapping);
  const select = (m: ColumnMapping) => (
    <Select
      style={{ width: '100%', minWidth: 160 }}
      value={m.field ?? ''}
      options={options}
      disabled={!job.can.remap}
      onChange={(value: string) =>
        setMapping((list) => list.map((x) => (x.column === m.column ? { ...x, field: value || null } : x)))
      }
    />
  );
  const label = (m: ColumnMapping) => (
    <Space wrap>
      <Typography.Text strong>{m.column}</Typography.Text>
      {job.unknownColumns.includes(m.column) && <Tag color="orange">{t('imports.unknown')}</Tag>}
    </Space>
  );
  return (
    <Card size="small" title={t('imports.mapping')}>
      <Typography.Paragraph type="secondary">{t('imports.mappingHint')}</Typography.Paragraph>
      {isMobile ? (
        <List
          dataSource={mapping}
          renderItem={(m) => (
            <List.Item>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {label(m)}
                {select(m)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="column"
          dataSource={mapping}
          columns={[
            { title: t('imports.column'), render: (_, m) => label(m) },
            { title: t('imports.field'), render: (_, m) => select(m), width: 260 },
          ]}
        />
      )}
      <Button
        style={{ marginTop: 12 }}
        block={isMobile}
        type={changed ? 'primary' : 'default'}
        disabled={!changed || !job.can.remap}
        loading={remap.isPending}
        onClick={() => remap.mutate()}
      >
        {t('imports.recheck')}
      </Button>
    </Card>
  );
}

function PreviewStep({ job, onChanged }: { job: ImportJob; onChanged: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = !Grid.useBreakpoint().md;
  const [skipInvalid, setSkipInvalid] = useState(false);
  const format = useFormatValue();
  const apply = useMutation({
    mutationFn: () => importsApi.apply(job.id, skipInvalid),
    onSuccess: onChanged,
    onError: (error) => void message.error(errorText(error, t)),
  });
  const labels = new Map(job.fields.map((f) => [f.key, f.label]));
  const previewKeys = Object.keys(job.preview.find((p) => p.values)?.values ?? {});
  const previewColumns: TableColumnsType<ImportJob['preview'][number]> = [
    { title: t('imports.row'), dataIndex: 'row', width: 64, fixed: 'left' },
    ...previewKeys.map((key) => ({
      title: labels.get(key) ?? key,
      key,
      render: (_: unknown, p: ImportJob['preview'][number]) => format(key, p.values?.[key] ?? null),
    })),
    {
      title: t('imports.rowErrors'),
      key: 'errors',
      render: (_, p) =>
        p.errors.length > 0 ? <Typography.Text type="danger">{p.errors.join('；')}</Typography.Text> : null,
    },
  ];
  const missing = job.missingFields.map((key) => labels.get(key) ?? key).join('、');
  const validRows = Math.max(0, job.totalRows - job.warningCount);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" bordered column={isMobile ? 1 : 4}>
        <Descriptions.Item label={t('imports.fileName')}>{job.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('imports.totalRows')}>{job.totalRows}</Descriptions.Item>
        <Descriptions.Item label={t('imports.errorCount')}>
          <Tag color={job.errorCount > 0 ? 'error' : 'success'}>{job.errorCount}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.warningCount')}>{job.warningCount}</Descriptions.Item>
      </Descriptions>
      {job.missingFields.length > 0 && (
        <Alert type="warning" showIcon title={t('imports.missing', { fields: missing })} />
      )}
      <MappingEditor job={job} onChanged={onChanged} />
      <Card size="small" title={t('imports.preview', { count: job.preview.length })}>
        {job.preview.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : isMobile ? (
          <List
            dataSource={job.preview}
            renderItem={(p) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Typography.Text type="secondary">
                    {t('imports.row')} {p.row}
                  </Typography.Text>
                  {p.values &&
                    previewKeys
                      .filter((key) => show(p.values?.[key] ?? null) !== '')
                      .map((key) => (
                        <Typography.Text key={key}>
                          {labels.get(key) ?? key}：{format(key, p.values?.[key] ?? null)}
                        </Typography.Text>
                      ))}
                  {p.errors.length > 0 && (
                    <Typography.Text type="danger">{p.errors.join('；')}</Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table
            size="small"
            rowKey="row"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={job.preview}
            columns={previewColumns}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('imports.problems')}
        extra={
          job.problems.length > 0 && (
            <Button type="link" icon={<DownloadOutlined />} href={importsApi.reportUrl(job.id)}>
              {t('imports.downloadReport')}
            </Button>
          )
        }
      >
        {job.problems.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.noProblems')} />
        ) : (
          <List
            size="small"
            dataSource={job.problems}
            renderItem={(p) => (
              <List.Item>
                <Space wrap>
                  <Tag color={p.level === 'error' ? 'error' : 'warning'}>
                    {p.row > 0 ? `${t('imports.row')} ${p.row}` : '—'}
                  </Tag>
                  <Typography.Text strong>{p.column}</Typography.Text>
                  {p.value !== null && <Typography.Text code>{show(p.value)}</Typography.Text>}
                  <Typography.Text type={p.level === 'error' ? 'danger' : 'warning'}>
                    {p.reason}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      {job.errorCount > 0 && job.missingFields.length === 0 && (
        <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
          {t('imports.skipInvalid')}
        </Checkbox>
      )}
      <Popconfirm
        title={t('imports.applyConfirm', { count: validRows })}
        onConfirm={() => apply.mutate()}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        disabled={!job.can.apply || (job.errorCount > 0 && !skipInvalid)}
      >
        <Button
          type="primary"
          size="large"
          block={isMobile}
          loading={apply.isPending}
          disabled={!job.can.apply || (job.errorCount > 0 && !skipInvalid)}
        >
          {t('imports.apply')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

function ResultStep({ job, onAnother }: { job: ImportJob; onAnother: () => void }) {
  const { t } = useTranslation();
  const ok = job.status === 'succeeded';
  return (
    <Result
      status={ok ? 'success' : 'error'}
      title={ok ? t('imports.succeeded') : t('imports.failed')}
      subTitle={
        ok
          ? `${t('imports.inserted')} ${job.insertedRows} · ${t('imports.updated')} ${job.updatedRows}`
          : job.failureReason
      }
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          {job.problems.length > 0 && (
            <Button icon={<DownloadOutlined />} href={importsApi.reportUrl(job.id)}>
              {t('imports.downloadReport')}
            </Button>
          )}
          <Button type="primary" onClick={onAnother}>
            {t('imports.another')}
          </Button>
        </Space>
      }
    />
  );
}

function RecentImports({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const jobs = useQuery({ queryKey: JOBS_KEY, queryFn: importsApi.list });
  return (
    <Card size="small" title={t('imports.recent')}>
      {jobs.isPending ? (
        <Spin />
      ) : jobs.isError ? (
        <Alert type="error" title={errorText(jobs.error, t)} />
      ) : jobs.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.noRecent')} />
      ) : (
        <List
          dataSource={jobs.data.items}
          renderItem={(job) => (
            <List.Item
              actions={[
                <Button key="open" type="link" onClick={() => onOpen(job.id)}>
                  {t('imports.open')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{job.fileName}</span>
                    <Tag color={STATUS_COLOURS[job.status]}>{t(`imports.statuses.${job.status}`)}</Tag>
                  </Space>
                }
                description={
                  <Space wrap separator="·">
                    <span>{t(`imports.registries.${job.registry}`)}</span>
                    <span>{formatTime(job.createdAt)}</span>
                    <span>
                      {t('imports.totalRows')} {job.totalRows}
                    </span>
                    {job.status === 'succeeded' && (
                      <span>
                        {t('imports.inserted')} {job.insertedRows} / {t('imports.updated')} {job.updatedRows}
                      </span>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** /imports: upload a spreadsheet, check the mapping and rows, apply it, and follow its progress. */
export function ImportsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ['imports', jobId],
    queryFn: () => importsApi.get(jobId as string),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'applying' ? 1000 : false),
  });
  const current = jobId ? job.data : undefined;
  useEffect(() => {
    if (current && current.status !== 'applying')
      void client.invalidateQueries({ queryKey: JOBS_KEY, exact: true });
  }, [client, current]);
  const show = (next: ImportJob) => {
    client.setQueryData(['imports', next.id], next);
    setJobId(next.id);
  };
  const step = stepOf(current);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('imports.title')}
      </Typography.Title>
      <Steps
        current={step}
        responsive
        size="small"
        items={[
          { title: t('imports.steps.choose') },
          { title: t('imports.steps.preview') },
          { title: t('imports.steps.apply') },
          { title: t('imports.steps.result') },
        ]}
      />
      <Card>
        {jobId !== null && job.isPending ? (
          <Spin />
        ) : jobId !== null && job.isError ? (
          <Alert type="error" title={errorText(job.error, t)} />
        ) : !current ? (
          <ChooseFile onUploaded={show} />
        ) : step === 1 ? (
          <PreviewStep job={current} onChanged={show} />
        ) : step === 2 ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('imports.applying')}</Typography.Text>
            <Progress
              percent={
                current.totalRows > 0 ? Math.floor((current.processedRows / current.totalRows) * 100) : 0
              }
              status="active"
            />
            <Typography.Text type="secondary">
              {t('imports.progress', { done: current.processedRows, total: current.totalRows })}
            </Typography.Text>
          </Space>
        ) : (
          <ResultStep job={current} onAnother={() => setJobId(null)} />
        )}
      </Card>
      <RecentImports onOpen={setJobId} />
    </Space>
  );
}
