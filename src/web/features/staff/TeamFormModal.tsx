import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TEAM_KINDS, type TeamKind } from '../../../shared/registries.ts';
import { errorText } from '../../api.ts';
import { staffApi, type Team } from './api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { isStaleVersion, showFieldErrors } from './fieldErrors.ts';

interface TeamValues {
  kind: TeamKind;
  name: string;
  parentTeamId?: string;
  departmentId?: string | null;
  areaId?: string;
  sortOrder?: number | null;
  active: boolean;
}

const FIELDS = ['kind', 'name', 'parentTeamId', 'departmentId', 'areaId', 'sortOrder', 'active'] as const;

/** The 友邻 chain: a station hangs under a centre, a point under a station; a centre has no parent. */
const NEIGHBOUR_PARENT: Partial<Record<TeamKind, TeamKind | null>> = {
  neighbour_centre: null,
  neighbour_station: 'neighbour_centre',
  neighbour_point: 'neighbour_station',
};

/** Which parent kind a team of this kind may take (other kinds: the same kind, optional). */
function parentKindOf(kind: TeamKind | undefined): { kind: TeamKind | null; required: boolean } {
  if (kind === undefined) return { kind: null, required: false };
  const chain = NEIGHBOUR_PARENT[kind];
  if (chain === undefined) return { kind, required: false };
  return { kind: chain, required: chain !== null };
}

/** Create (no team) or edit (sent with its version; kind, parent and area are fixed once created). */
export function TeamFormModal({
  team,
  open,
  onClose,
  onSaved,
}: {
  team?: Team;
  open: boolean;
  onClose(): void;
  onSaved?: (saved: Team) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TeamValues>();
  const kind = Form.useWatch('kind', form);
  const parent = parentKindOf(kind);
  const departments = useQuery({
    queryKey: ['staff', 'departments', { includeInactive: false }],
    queryFn: () => staffApi.departments(false),
    enabled: open,
  });
  const parents = useQuery({
    queryKey: ['staff', 'teams', parent.kind],
    queryFn: () => staffApi.teams(parent.kind ?? undefined),
    enabled: open && !team && parent.kind !== null,
  });
  const save = useMutation({
    mutationFn: (v: TeamValues) => {
      const sortOrder = v.sortOrder ?? undefined;
      if (team) {
        return staffApi.updateTeam(team.id, {
          version: team.version,
          name: v.name.trim(),
          departmentId: v.departmentId ?? null,
          sortOrder,
          active: v.active,
        });
      }
      return staffApi.createTeam({
        kind: v.kind,
        name: v.name.trim(),
        parentTeamId: v.parentTeamId,
        departmentId: v.departmentId ?? undefined,
        areaId: v.areaId ?? '',
        sortOrder,
      });
    },
    onSuccess: async (saved) => {
      void message.success(t('staff.form.saved'));
      onSaved?.(saved);
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: async (error) => {
      if (isStaleVersion(error)) {
        void message.warning(t('staff.form.stale'));
        onClose();
        await queryClient.invalidateQueries({ queryKey: ['staff'] });
        return;
      }
      if (!showFieldErrors(form, error, FIELDS)) void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={open}
      title={team ? t('staff.teamForm.edit') : t('staff.teamForm.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<TeamValues>
        form={form}
        layout="vertical"
        name="staff-team"
        initialValues={
          team
            ? {
                kind: team.kind,
                name: team.name,
                departmentId: team.departmentId,
                sortOrder: team.sortOrder,
                active: team.active,
              }
            : { sortOrder: 0, active: true }
        }
        onValuesChange={(changed: Partial<TeamValues>) => {
          if ('kind' in changed) form.setFieldValue('parentTeamId', undefined);
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="kind"
          label={t('staff.teamForm.kind')}
          rules={[{ required: true, message: t('staff.form.required') }]}
        >
          <Select
            disabled={Boolean(team)}
            options={TEAM_KINDS.map((k) => ({ value: k, label: t(`staff.teamKinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('staff.teamForm.name')}
          rules={[{ required: true, whitespace: true, message: t('staff.form.required') }, { max: 100 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        {!team && parent.kind !== null ? (
          <Form.Item
            name="parentTeamId"
            label={t('staff.teams.parent')}
            extra={t(`staff.teamForm.parentHint.${parent.required ? 'required' : 'optional'}`, {
              kind: t(`staff.teamKinds.${parent.kind}`),
            })}
            rules={parent.required ? [{ required: true, message: t('staff.form.required') }] : []}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={parents.isPending}
              options={(parents.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="departmentId" label={t('staff.list.department')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending}
            placeholder={t('staff.staffForm.noDepartment')}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        {team ? null : (
          <Form.Item
            name="areaId"
            label={t('staff.list.area')}
            rules={[{ required: true, message: t('staff.form.required') }]}
          >
            <AreaSelect placeholder={t('staff.form.areaPlaceholder')} allowClear />
          </Form.Item>
        )}
        <Form.Item name="sortOrder" label={t('staff.form.sortOrder')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {team ? (
          <Form.Item name="active" label={t('staff.form.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
