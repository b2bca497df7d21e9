import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { TreeDataNode } from 'antd';
import { EditOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TEAM_KINDS, TEAM_ROLES, type TeamKind, type TeamRole } from '../../../shared/registries.ts';
import { ApiError, errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { staffApi, type Team, type TeamDetail } from './api.ts';
import { StaffPicker } from './StaffPicker.tsx';
import { TeamFormModal } from './TeamFormModal.tsx';

/** The local calendar date as YYYY-MM-DD (toISOString would give the UTC date). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Teams grouped by kind, each nested under its parent when the parent is visible (the 友邻 network). */
function buildTree(teams: Team[], t: (k: string, o?: Record<string, unknown>) => string): TreeDataNode[] {
  const byParent = new Map<string | null, Team[]>();
  const ids = new Set(teams.map((x) => x.id));
  for (const team of teams) {
    const parent = team.parentTeamId && ids.has(team.parentTeamId) ? team.parentTeamId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), team]);
  }
  const node = (team: Team): TreeDataNode => ({
    key: team.id,
    title: (
      <Space size={4}>
        <span>{team.name}</span>
        <Typography.Text type="secondary">
          {t('staff.teams.memberCount', { count: team.memberCount })}
        </Typography.Text>
      </Space>
    ),
    children: (byParent.get(team.id) ?? []).map(node),
  });
  const roots = byParent.get(null) ?? [];
  return TEAM_KINDS.map((kind) => ({ kind, list: roots.filter((r) => r.kind === kind) }))
    .filter((g) => g.list.length > 0)
    .map((g) => ({
      key: `kind:${g.kind}`,
      title: <strong>{t(`staff.teamKinds.${g.kind}`)}</strong>,
      selectable: false,
      children: g.list.map(node),
    }));
}

function AddMemberModal({
  team,
  open,
  onClose,
}: {
  team: TeamDetail['team'];
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ staffId: string; role: TeamRole; startsOn: string }>();
  const add = useMutation({
    mutationFn: (values: { staffId: string; role: TeamRole; startsOn: string }) =>
      staffApi.addMember(team.id, values),
    onSuccess: async () => {
      void message.success(t('staff.teams.added'));
      form.resetFields();
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const known = error.details.filter((d) => ['staffId', 'role', 'startsOn'].includes(d.field));
        form.setFields(known.map((d) => ({ name: d.field as 'staffId', errors: [d.reason] })));
      }
      void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={open}
      title={`${t('staff.teams.addMember')} · ${team.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="staff-add-member"
        initialValues={{ role: 'member', startsOn: today() }}
        onFinish={(values) => add.mutate(values)}
      >
        <Form.Item name="staffId" label={t('staff.teams.staff')} rules={[{ required: true }]}>
          <StaffPicker />
        </Form.Item>
        <Form.Item name="role" label={t('staff.teams.role')} rules={[{ required: true }]}>
          <Select options={TEAM_ROLES.map((r) => ({ value: r, label: t(`staff.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('staff.teams.startsOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TeamPanel({ teamId, onSelect }: { teamId: string; onSelect(id: string): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const detail = useQuery({ queryKey: ['staff', 'team', teamId], queryFn: () => staffApi.team(teamId) });
  const end = useMutation({
    mutationFn: (memberId: string) => staffApi.endMember(memberId, today()),
    onSuccess: async () => {
      void message.success(t('staff.teams.ended'));
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <Empty description={errorText(detail.error, t)} />;
  const { team, parent, children, members, coverage } = detail.data;
  return (
    <Card
      title={
        <Space wrap>
          {team.name}
          <Tag>{t(`staff.teamKinds.${team.kind}`)}</Tag>
        </Space>
      }
      extra={
        <Space wrap size={4}>
          {team.can.update ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('staff.form.edit')}
            </Button>
          ) : null}
          {team.can.manageMembers ? (
            <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
              {t('staff.teams.addMember')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {team.active ? null : <Tag style={{ marginBottom: 8 }}>{t('staff.list.inactive')}</Tag>}
      <Descriptions column={1} size="small">
        {parent ? (
          <Descriptions.Item label={t('staff.teams.parent')}>
            <Typography.Link onClick={() => onSelect(parent.id)}>{parent.name}</Typography.Link>
          </Descriptions.Item>
        ) : null}
        {children.length > 0 ? (
          <Descriptions.Item label={t('staff.teams.children')}>
            <Space wrap>
              {children.map((c) => (
                <Typography.Link key={c.id} onClick={() => onSelect(c.id)}>
                  {c.name}
                </Typography.Link>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
        {coverage.length > 0 ? (
          <Descriptions.Item label={t('staff.teams.coverage')}>
            <Space wrap>
              {coverage.map((c) => (
                <Tag key={c.id}>{c.subjectName}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={5}>{t('staff.teams.members')}</Typography.Title>
      <List
        dataSource={members}
        locale={{ emptyText: <Empty description={t('staff.teams.noMembers')} /> }}
        renderItem={(m) => (
          <List.Item
            actions={
              m.can.end
                ? [
                    <Popconfirm
                      key="end"
                      title={t('staff.teams.endConfirm', { name: m.staffName })}
                      onConfirm={() => end.mutate(m.id)}
                    >
                      <Button size="small" danger>
                        {t('staff.teams.endMember')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {m.staffName}
                  <Tag color="blue">{t(`staff.roles.${m.role}`)}</Tag>
                </Space>
              }
              description={[m.phoneMasked, t('staff.teams.since', { date: m.startsOn })]
                .filter(Boolean)
                .join(' · ')}
            />
          </List.Item>
        )}
      />
      <AddMemberModal team={team} open={adding} onClose={() => setAdding(false)} />
      {editing ? (
        <TeamFormModal
          key={`${team.id}:${team.version}`}
          team={team}
          open
          onClose={() => setEditing(false)}
        />
      ) : null}
    </Card>
  );
}

export function TeamsTab({ narrow }: { narrow: boolean }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<TeamKind | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const canCreate = useMe().permissions.includes('staff:manage');
  const teams = useQuery({ queryKey: ['staff', 'teams', kind], queryFn: () => staffApi.teams(kind) });
  const treeData = useMemo(() => buildTree(teams.data?.items ?? [], t), [teams.data, t]);
  const tree = (
    <Card size="small">
      {canCreate ? (
        <Button
          type="primary"
          block
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          style={{ marginBottom: 12 }}
        >
          {t('staff.teamForm.create')}
        </Button>
      ) : null}
      <TeamFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(team) => setSelected(team.id)}
      />
      <Select
        allowClear
        value={kind}
        onChange={setKind}
        placeholder={t('staff.teams.allKinds')}
        style={{ width: '100%', marginBottom: 12 }}
        options={TEAM_KINDS.map((k) => ({ value: k, label: t(`staff.teamKinds.${k}`) }))}
      />
      {teams.isPending ? (
        <Skeleton active />
      ) : treeData.length === 0 ? (
        <Empty description={t('staff.teams.empty')} />
      ) : (
        <Tree
          treeData={treeData}
          defaultExpandAll
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => {
            const key = keys[0];
            if (typeof key === 'string' && !key.startsWith('kind:')) setSelected(key);
          }}
        />
      )}
    </Card>
  );
  const panel = selected ? (
    <TeamPanel teamId={selected} onSelect={setSelected} />
  ) : (
    <Empty description={t('staff.teams.selectHint')} />
  );
  if (narrow) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {tree}
        {panel}
      </Space>
    );
  }
  return (
    <Row gutter={16}>
      <Col span={9}>{tree}</Col>
      <Col span={15}>{panel}</Col>
    </Row>
  );
}
