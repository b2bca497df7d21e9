import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Grid,
  Input,
  List,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { TreeDataNode } from 'antd';
import {
  ArrowRightOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AREA_LEVELS } from '../../shared/areas.ts';
import { api, errorText, type Area } from '../api.ts';
import { formatTime } from '../i18n.ts';
import { CreateChildModal, EditAreaModal, MoveAreaModal } from './AreaForms.tsx';
import { AreaQrButton } from '../features/case-admin/AreaQrButton.tsx';

const ROOT = '';

const COUNT_LEVELS = [
  { level: 'town', label: 'areas.countTown' },
  { level: 'community', label: 'areas.countCommunity' },
  { level: 'grid', label: 'areas.countGrid' },
  { level: 'place', label: 'areas.countPlace' },
] as const;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function AreaTitle({ area }: { area: Area }) {
  const { t } = useTranslation();
  return (
    <span style={{ opacity: area.active ? 1 : 0.55 }}>
      {area.name}
      {!area.active && (
        <Tag color="default" style={{ marginInlineStart: 6 }}>
          {t('areas.inactive')}
        </Tag>
      )}
    </span>
  );
}

type Dialog = 'create' | 'edit' | 'move' | null;

function AreaDetailPanel({
  id,
  onSelect,
  onChanged,
}: {
  id: string;
  onSelect(id: string): void;
  onChanged(parentIds: (string | null)[]): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const detail = useQuery({ queryKey: ['area', id], queryFn: () => api.area(id) });

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error, t)} />;

  const { area, ancestors, counts } = detail.data;
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['area'] });
    await client.invalidateQueries({ queryKey: ['areaSearch'] });
  };
  const changed = (parents: (string | null)[]) => {
    void refresh();
    onChanged(parents);
  };

  const reactivate = async (target: Area) => {
    setBusy(true);
    try {
      const fresh = await api.area(target.id);
      await api.reactivateArea(target.id, fresh.area.version);
      void message.success(t('areas.reactivated', { name: target.name }));
      changed([target.parentId]);
    } catch (caught) {
      void message.error(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const deactivate = async () => {
    setBusy(true);
    try {
      const done = await api.deactivateArea(area.id, area.version);
      const key = `deactivated-${area.id}`;
      void message.success({
        key,
        duration: 8,
        content: (
          <span>
            {t('areas.deactivated', { name: area.name })}
            <Button
              type="link"
              size="small"
              icon={<UndoOutlined />}
              onClick={() => {
                message.destroy(key);
                void reactivate(done);
              }}
            >
              {t('areas.undo')}
            </Button>
          </span>
        ),
      });
      changed([area.parentId]);
    } catch (caught) {
      void message.error(errorText(caught, t));
      void refresh();
    } finally {
      setBusy(false);
    }
  };

  const actions = (
    <Space wrap>
      {area.active && <AreaQrButton area={area} />}
      {area.can.createChild && (
        <Button icon={<PlusOutlined />} onClick={() => setDialog('create')}>
          {t('areas.addChild')}
        </Button>
      )}
      {area.can.update && (
        <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
          {t('areas.rename')}
        </Button>
      )}
      {area.can.move && (
        <Button icon={<ArrowRightOutlined />} onClick={() => setDialog('move')}>
          {t('areas.move')}
        </Button>
      )}
      {area.can.deactivate && area.active && (
        <Popconfirm
          title={t('areas.deactivateConfirm', { name: area.name })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => deactivate()}
        >
          <Button danger icon={<StopOutlined />} loading={busy}>
            {t('areas.deactivate')}
          </Button>
        </Popconfirm>
      )}
      {area.can.reactivate && !area.active && (
        <Button icon={<UndoOutlined />} loading={busy} onClick={() => void reactivate(area)}>
          {t('areas.reactivate')}
        </Button>
      )}
    </Space>
  );

  return (
    <div data-testid="area-detail">
      <div data-testid="area-breadcrumb" style={{ marginBottom: 8 }}>
        <Breadcrumb
          items={[
            ...ancestors.map((a) => ({
              key: a.id,
              title: (
                <a
                  href={`?id=${a.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    onSelect(a.id);
                  }}
                >
                  {a.name}
                </a>
              ),
            })),
            { key: area.id, title: area.name },
          ]}
          separator="›"
        />
      </div>
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {area.name}
        </Typography.Title>
        <Tag color="blue">{t(`levels.${area.level}`)}</Tag>
        {area.active ? <Tag color="green">{t('areas.active')}</Tag> : <Tag>{t('areas.inactive')}</Tag>}
      </Space>
      {(area.active || Object.values(area.can).some(Boolean)) && (
        <div style={{ marginBottom: 16 }}>{actions}</div>
      )}
      <Descriptions bordered size="small" column={1} styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('areas.name')}>{area.name}</Descriptions.Item>
        <Descriptions.Item label={t('areas.code')}>{area.code}</Descriptions.Item>
        <Descriptions.Item label={t('areas.path')}>
          <Typography.Text style={{ wordBreak: 'break-all' }}>{area.path}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('areas.level')}>{t(`levels.${area.level}`)}</Descriptions.Item>
        <Descriptions.Item label={t('areas.kind')}>
          {t(`kinds.${area.kind}`, { defaultValue: area.kind })}
        </Descriptions.Item>
        <Descriptions.Item label={t('areas.status')}>
          {area.active ? t('areas.active') : t('areas.inactive')}
        </Descriptions.Item>
        {COUNT_LEVELS.filter((c) => AREA_LEVELS.indexOf(c.level) > AREA_LEVELS.indexOf(area.level)).map(
          (c) => (
            <Descriptions.Item key={c.level} label={t(c.label)}>
              {counts[c.level]}
            </Descriptions.Item>
          ),
        )}
        <Descriptions.Item label={t('areas.updatedAt')}>{formatTime(area.updatedAt)}</Descriptions.Item>
      </Descriptions>
      {area.can.createChild && (
        <CreateChildModal
          parent={area}
          open={dialog === 'create'}
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setDialog(null);
            void message.success(t('areas.created', { name: created.name }));
            changed([area.id]);
          }}
        />
      )}
      {area.can.update && (
        <EditAreaModal
          key={`edit-${area.version}`}
          area={area}
          open={dialog === 'edit'}
          onClose={() => setDialog(null)}
          onStale={() => void refresh()}
          onSaved={() => {
            setDialog(null);
            void message.success(t('areas.saved'));
            changed([area.parentId]);
          }}
        />
      )}
      {area.can.move && (
        <MoveAreaModal
          key={`move-${area.version}`}
          area={area}
          open={dialog === 'move'}
          onClose={() => setDialog(null)}
          onStale={() => void refresh()}
          onMoved={(moved, oldParentId) => {
            setDialog(null);
            void message.success(t('areas.moved'));
            changed([oldParentId, moved.parentId]);
          }}
        />
      )}
    </div>
  );
}

export function AreasPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const [term, setTerm] = useState('');
  const query = useDebounced(term.trim(), 300);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [children, setChildren] = useState<Record<string, Area[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [rootError, setRootError] = useState<string | null>(null);
  const detailRef = useRef<HTMLDivElement>(null);

  const loadChildren = useCallback(
    async (parentId: string) => {
      const { items } = await api.areas(parentId === ROOT ? undefined : parentId, includeInactive);
      setChildren((previous) => ({ ...previous, [parentId]: items }));
      return items;
    },
    [includeInactive],
  );

  useEffect(() => {
    setChildren({});
    setRootError(null);
    loadChildren(ROOT).then(
      (items) => {
        // A single root (the user's scope) starts open.
        if (items.length === 1 && items[0]) {
          const only = items[0].id;
          setExpanded((previous) => (previous.includes(only) ? previous : [...previous, only]));
          void loadChildren(only).catch(() => undefined);
        }
      },
      (error: unknown) => setRootError(errorText(error, t)),
    );
    // t changes with the language; reloading the tree for it is not needed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadChildren]);

  const search = useInfiniteQuery({
    queryKey: ['areaSearch', 'list', query],
    queryFn: ({ pageParam }) => api.searchAreas(query, { limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: query.length > 0,
  });

  const select = useCallback(
    (id: string) => {
      setParams({ id });
      if (isMobile) setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth' }), 50);
    },
    [isMobile, setParams],
  );

  // Reveal the selected area in the tree: load and open its ancestors.
  const reveal = useCallback(
    async (id: string) => {
      try {
        const { ancestors } = await api.area(id);
        for (const ancestor of ancestors) {
          await loadChildren(ancestor.id).catch(() => undefined);
        }
        setExpanded((previous) => [...new Set([...previous, ...ancestors.map((a) => a.id)])]);
      } catch {
        // The detail panel shows the error.
      }
    },
    [loadChildren],
  );

  const treeData = useMemo(() => {
    const build = (parentId: string): TreeDataNode[] =>
      (children[parentId] ?? []).map((area) => ({
        key: area.id,
        title: <AreaTitle area={area} />,
        isLeaf: area.childCount === 0 && !children[area.id]?.length,
        children: children[area.id] ? build(area.id) : undefined,
      }));
    return build(ROOT);
  }, [children]);

  const onChanged = (parentIds: (string | null)[]) => {
    for (const parentId of new Set(parentIds)) {
      void loadChildren(parentId ?? ROOT).catch(() => undefined);
      // The parent's own childCount changes too: refresh the level above it.
      if (parentId) {
        const grand = Object.entries(children).find(([, list]) => list.some((a) => a.id === parentId));
        if (grand) void loadChildren(grand[0]).catch(() => undefined);
      }
    }
  };

  const searching = query.length > 0;
  const results = search.data?.pages.flatMap((p) => p.items) ?? [];

  const left = (
    <Card styles={{ body: { padding: isMobile ? 12 : 16 } }}>
      <Input.Search
        allowClear
        placeholder={t('areas.searchPlaceholder')}
        value={term}
        onChange={(event) => setTerm(event.target.value)}
        onSearch={(value) => setTerm(value)}
        style={{ marginBottom: 8 }}
        data-testid="area-search"
      />
      {searching ? (
        <div data-testid="area-search-results">
          <Typography.Text type="secondary">{t('areas.searchResults')}</Typography.Text>
          {search.isPending ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : search.isError ? (
            <Alert type="error" showIcon title={errorText(search.error, t)} />
          ) : results.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('areas.noResults')} />
          ) : (
            <List
              size="small"
              dataSource={results}
              style={{ maxHeight: isMobile ? 320 : 560, overflowY: 'auto' }}
              renderItem={(item) => (
                <List.Item
                  key={item.id}
                  onClick={() => {
                    select(item.id);
                    void reveal(item.id);
                  }}
                  style={{
                    cursor: 'pointer',
                    background: item.id === selectedId ? '#e6f0ff' : undefined,
                    paddingInline: 8,
                  }}
                >
                  <List.Item.Meta
                    title={
                      <span>
                        <AreaTitle area={item} />
                        <Tag style={{ marginInlineStart: 6 }}>{t(`levels.${item.level}`)}</Tag>
                      </span>
                    }
                    description={item.ancestors.map((a) => a.name).join(' › ')}
                  />
                </List.Item>
              )}
              loadMore={
                search.hasNextPage ? (
                  <div style={{ textAlign: 'center', marginTop: 8 }}>
                    <Button loading={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
                      {t('common.loadMore')}
                    </Button>
                  </div>
                ) : null
              }
            />
          )}
        </div>
      ) : (
        <>
          <Checkbox
            checked={includeInactive}
            onChange={(event) => setIncludeInactive(event.target.checked)}
            style={{ marginBottom: 8 }}
          >
            {t('areas.showInactive')}
          </Checkbox>
          {rootError ? (
            <Alert type="error" showIcon title={rootError} />
          ) : children[ROOT] === undefined ? (
            <div style={{ padding: 24, textAlign: 'center' }}>
              <Spin />
            </div>
          ) : treeData.length === 0 ? (
            <Empty description={t('areas.noAreas')} />
          ) : (
            <Tree
              treeData={treeData}
              height={isMobile ? 320 : 560}
              blockNode
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys.map(String))}
              loadedKeys={Object.keys(children)}
              loadData={async (node) => {
                await loadChildren(String(node.key)).catch(() => undefined);
              }}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => {
                const key = keys[0];
                if (key !== undefined) select(String(key));
              }}
              data-testid="area-tree"
            />
          )}
        </>
      )}
    </Card>
  );

  const right = (
    <Card ref={detailRef} title={t('areas.detail')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
      {selectedId ? (
        <AreaDetailPanel key={selectedId} id={selectedId} onSelect={select} onChanged={onChanged} />
      ) : (
        <Empty description={isMobile ? t('areas.selectHintMobile') : t('areas.selectHint')} />
      )}
    </Card>
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} lg={9}>
        {left}
      </Col>
      <Col xs={24} md={14} lg={15}>
        {right}
      </Col>
    </Row>
  );
}
