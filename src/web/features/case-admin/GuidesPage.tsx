import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { BookOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { formatTime } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { loc, type CaseType } from '../cases/api.ts';
import { useCaseTypes } from '../cases/common.tsx';
import { caseAdminApi, type GuideItem, type GuideQuery } from './api.ts';
import { useDepartmentOptions } from './common.tsx';
import { isStale, placeServerErrors } from './formErrors.ts';

const GUIDES_KEY = ['caseAdmin', 'guides'] as const;

interface GuideValues {
  title?: string;
  body?: string;
  caseTypeCode?: string | null;
  category?: string | null;
  departmentCode?: string | null;
  areaId?: string;
}

function typeName(types: CaseType[], code: string | null): string {
  if (!code) return '';
  const type = types.find((ty) => ty.code === code);
  return type ? loc(type.name) : code;
}

function categoryName(types: CaseType[], typeCode: string | null, category: string | null): string {
  if (!category) return '';
  const found = types.find((ty) => ty.code === typeCode)?.categories.find((c) => c.code === category);
  return found ? loc(found.name) : category;
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function GuideTags({ guide, types }: { guide: GuideItem; types: CaseType[] }) {
  const departments = useDepartmentOptions();
  const department = departments.find((d) => d.value === guide.departmentCode)?.label ?? guide.departmentCode;
  return (
    <Space size={4} wrap>
      {guide.caseTypeCode && <Tag color="blue">{typeName(types, guide.caseTypeCode)}</Tag>}
      {guide.category && <Tag>{categoryName(types, guide.caseTypeCode, guide.category)}</Tag>}
      {department && <Tag color="purple">{department}</Tag>}
    </Space>
  );
}

/** Write or change a guide; a stale save reloads the guide into the form. */
function GuideEditor({
  open,
  guide,
  types,
  onClose,
  onSaved,
}: {
  open: boolean;
  guide?: GuideItem;
  types: CaseType[];
  onClose(): void;
  onSaved(saved: GuideItem): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<GuideValues>();
  const [current, setCurrent] = useState(guide);
  const departments = useDepartmentOptions();
  const typeCode = Form.useWatch('caseTypeCode', form);
  const categories = types.find((ty) => ty.code === typeCode)?.categories ?? [];

  useEffect(() => {
    if (!open) return;
    setCurrent(guide);
    form.resetFields();
    form.setFieldsValue({
      title: guide?.title ?? '',
      body: guide?.body ?? '',
      caseTypeCode: guide?.caseTypeCode ?? null,
      category: guide?.category ?? null,
      departmentCode: guide?.departmentCode ?? null,
    });
  }, [form, open, guide]);

  const save = useMutation({
    mutationFn: (v: GuideValues) => {
      const body = {
        title: (v.title ?? '').trim(),
        body: (v.body ?? '').trim(),
        caseTypeCode: v.caseTypeCode || null,
        category: v.category || null,
        departmentCode: v.departmentCode || null,
      };
      return current
        ? caseAdminApi.updateGuide(current.id, { ...body, version: current.version })
        : caseAdminApi.createGuide({ ...body, areaId: v.areaId });
    },
    onSuccess: async (saved) => {
      void message.success(t('caseAdmin.guides.saved'));
      await client.invalidateQueries({ queryKey: GUIDES_KEY });
      onSaved(saved);
    },
    onError: async (error) => {
      if (current && isStale(error)) {
        void message.warning(t('caseAdmin.stale'));
        try {
          const fresh = await caseAdminApi.guide(current.id);
          setCurrent(fresh);
          form.setFieldsValue({
            title: fresh.title,
            body: fresh.body,
            caseTypeCode: fresh.caseTypeCode,
            category: fresh.category,
            departmentCode: fresh.departmentCode,
          });
        } catch (reloadError) {
          void message.error(errorText(reloadError, t));
        }
        return;
      }
      const unplaced = placeServerErrors(form, error);
      void message.error([errorText(error, t), ...unplaced.map((d) => `${d.field}: ${d.reason}`)].join('；'));
    },
  });

  const required = { required: true, whitespace: true, message: t('caseAdmin.required') };
  return (
    <Modal
      open={open}
      title={current ? t('caseAdmin.guides.editTitle') : t('caseAdmin.guides.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={720}
      forceRender
    >
      <Form<GuideValues>
        form={form}
        layout="vertical"
        name="guide"
        onValuesChange={(changed: GuideValues) => {
          if ('caseTypeCode' in changed) form.setFieldsValue({ category: null });
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label={t('caseAdmin.guides.titleLabel')} rules={[required, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="caseTypeCode" label={t('caseAdmin.guides.type')}>
              <Select
                allowClear
                placeholder={t('caseAdmin.guides.none')}
                options={types.map((ty) => ({ value: ty.code, label: loc(ty.name) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('caseAdmin.guides.category')}>
              <Select
                allowClear
                disabled={!typeCode || categories.length === 0}
                placeholder={typeCode ? t('caseAdmin.guides.none') : t('caseAdmin.guides.categoryNeedsType')}
                options={categories.map((c) => ({ value: c.code, label: loc(c.name) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="departmentCode" label={t('caseAdmin.guides.department')}>
          <Select
            allowClear
            placeholder={t('caseAdmin.guides.none')}
            options={departments}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        {!current && (
          <Form.Item name="areaId" label={t('caseAdmin.guides.area')} extra={t('caseAdmin.guides.areaHelp')}>
            <AreaSelect placeholder={t('caseAdmin.guides.areaPlaceholder')} allowClear />
          </Form.Item>
        )}
        <Form.Item
          name="body"
          label={t('caseAdmin.guides.body')}
          extra={t('caseAdmin.guides.bodyHelp')}
          rules={[required, { max: 20_000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One guide to read, its line breaks kept. */
function GuideReader({
  guideId,
  types,
  onClose,
  onEdit,
}: {
  guideId: string | null;
  types: CaseType[];
  onClose(): void;
  onEdit(guide: GuideItem): void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const guide = useQuery({
    queryKey: [...GUIDES_KEY, 'one', guideId],
    queryFn: () => caseAdminApi.guide(guideId ?? ''),
    enabled: guideId !== null,
  });
  const g = guide.data;
  return (
    <Drawer
      open={guideId !== null}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={g?.title ?? t('caseAdmin.guides.title')}
      extra={
        g?.can.update ? (
          <Button icon={<EditOutlined />} onClick={() => onEdit(g)}>
            {t('caseAdmin.edit')}
          </Button>
        ) : null
      }
      destroyOnHidden
    >
      {guide.isPending ? (
        <Skeleton active />
      ) : guide.isError ? (
        <Alert type="error" showIcon title={errorText(guide.error, t)} />
      ) : g ? (
        <div data-testid="guide-reader">
          <GuideTags guide={g} types={types} />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('caseAdmin.guides.author')}>
              {g.createdBy?.name ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('caseAdmin.guides.createdAt')}>
              {formatTime(g.createdAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', marginTop: 12 }}>
            {g.body}
          </Typography.Paragraph>
        </div>
      ) : null}
    </Drawer>
  );
}

/** The knowledge base: search by text, case type and category; read, write and change guides. */
export function GuidesPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const canWrite = useCan('cases:handle');
  const typesQuery = useCaseTypes();
  const types = typesQuery.data?.items ?? [];
  const [text, setText] = useState('');
  const [typeCode, setTypeCode] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [reading, setReading] = useState<string | null>(null);
  const [editor, setEditor] = useState<{ open: boolean; guide?: GuideItem }>({ open: false });
  const q = useDebounced(text.trim().slice(0, 50), 300);
  const query: GuideQuery = { q: q || undefined, typeCode, category };
  const list = useInfiniteQuery({
    queryKey: [...GUIDES_KEY, 'list', query],
    queryFn: ({ pageParam }) => caseAdminApi.guides(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const categories = types.find((ty) => ty.code === typeCode)?.categories ?? [];

  return (
    <Card
      title={t('caseAdmin.guides.title')}
      size={narrow ? 'small' : 'default'}
      extra={
        canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditor({ open: true })}
            aria-label={t('caseAdmin.guides.create')}
          >
            {narrow ? null : t('caseAdmin.guides.create')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.guides.intro')}</Typography.Paragraph>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={10}>
          <Input.Search
            allowClear
            value={text}
            maxLength={50}
            placeholder={t('caseAdmin.guides.search')}
            onChange={(e) => setText(e.target.value)}
            data-testid="guide-search"
          />
        </Col>
        <Col xs={12} md={7}>
          <Select
            allowClear
            style={{ width: '100%' }}
            value={typeCode}
            placeholder={t('caseAdmin.guides.allTypes')}
            options={types.map((ty) => ({ value: ty.code, label: loc(ty.name) }))}
            onChange={(value: string | undefined) => {
              setTypeCode(value);
              setCategory(undefined);
            }}
          />
        </Col>
        <Col xs={12} md={7}>
          <Select
            allowClear
            style={{ width: '100%' }}
            value={category}
            disabled={categories.length === 0}
            placeholder={t('caseAdmin.guides.allCategories')}
            options={categories.map((c) => ({ value: c.code, label: loc(c.name) }))}
            onChange={(value: string | undefined) => setCategory(value)}
          />
        </Col>
      </Row>
      {list.isPending ? (
        <Skeleton active />
      ) : (
        <List<GuideItem>
          dataSource={items}
          data-testid="guide-list"
          locale={{
            emptyText: (
              <Empty description={list.isError ? errorText(list.error, t) : t('caseAdmin.guides.empty')} />
            ),
          }}
          renderItem={(g) => (
            <List.Item data-testid="guide-row" style={{ cursor: 'pointer' }} onClick={() => setReading(g.id)}>
              <List.Item.Meta
                avatar={<BookOutlined style={{ fontSize: 18, color: '#1d5fbf' }} />}
                title={<a>{g.title}</a>}
                description={
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <GuideTags guide={g} types={types} />
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                      {g.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {g.createdBy?.name ?? '—'} · {formatTime(g.createdAt)}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <GuideReader
        guideId={reading}
        types={types}
        onClose={() => setReading(null)}
        onEdit={(g) => setEditor({ open: true, guide: g })}
      />
      <GuideEditor
        open={editor.open}
        guide={editor.guide}
        types={types}
        onClose={() => setEditor((e) => ({ ...e, open: false }))}
        onSaved={(saved) => {
          setEditor((e) => ({ ...e, open: false }));
          setReading(saved.id);
        }}
      />
    </Card>
  );
}
