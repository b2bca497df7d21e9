import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Select, Spin, Tag } from 'antd';
import type { FormInstance } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AREA_CODE_PATTERN, AREA_KINDS, CHILD_LEVELS, type AreaLevel } from '../../shared/areas.ts';
import { ApiError, api, errorText, type Area } from '../api.ts';

/** Puts the server's field errors on the form fields; returns the message for the rest. */
function showServerErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
  t: (k: string) => string,
) {
  if (error instanceof ApiError) {
    const known = error.details.filter((d) => fields.includes(d.field));
    if (known.length > 0) {
      form.setFields(known.map((d) => ({ name: d.field as never, errors: [d.reason] })));
    }
  }
  return errorText(error, t);
}

interface CreateValues {
  level: AreaLevel;
  kind: string;
  code: string;
  name: string;
  sortOrder?: number;
}

export function CreateChildModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: Area;
  open: boolean;
  onClose(): void;
  onCreated(area: Area): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const levels = CHILD_LEVELS[parent.level];
  const level = Form.useWatch('level', form);
  const kinds = level ? AREA_KINDS[level] : [];

  const submit = async (values: CreateValues) => {
    setBusy(true);
    setError(null);
    try {
      const area = await api.createArea({ parentId: parent.id, ...values, name: values.name.trim() });
      form.resetFields();
      onCreated(area);
    } catch (caught) {
      setError(showServerErrors(form, caught, ['level', 'kind', 'code', 'name', 'sortOrder'], t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t('areas.addChild')} · ${parent.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<CreateValues>
        name="areaCreate"
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{
          level: levels[0],
          kind: levels[0] ? AREA_KINDS[levels[0]][0] : undefined,
        }}
        onValuesChange={(changed: Partial<CreateValues>) => {
          if (changed.level) form.setFieldValue('kind', AREA_KINDS[changed.level][0]);
        }}
      >
        <Form.Item
          label={t('areas.level')}
          name="level"
          rules={[{ required: true, message: t('areas.required') }]}
        >
          <Select options={levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('areas.kind')}
          name="kind"
          rules={[{ required: true, message: t('areas.required') }]}
        >
          <Select options={kinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('areas.code')}
          name="code"
          extra={t('areas.codeHelp')}
          rules={[
            { required: true, message: t('areas.required') },
            { pattern: new RegExp(AREA_CODE_PATTERN), message: t('areas.codeInvalid') },
          ]}
        >
          <Input maxLength={12} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('areas.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('areas.required') }]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('areas.sortOrder')} name="sortOrder">
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  name: string;
  kind: string;
  sortOrder: number;
}

export function EditAreaModal({
  area,
  open,
  onClose,
  onSaved,
  onStale,
}: {
  area: Area;
  open: boolean;
  onClose(): void;
  onSaved(area: Area): void;
  onStale(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: EditValues) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.updateArea(area.id, {
        version: area.version,
        name: values.name.trim(),
        kind: values.kind,
        sortOrder: values.sortOrder,
      });
      onSaved(saved);
    } catch (caught) {
      setError(showServerErrors(form, caught, ['name', 'kind', 'sortOrder'], t));
      if (caught instanceof ApiError && caught.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t('areas.rename')} · ${area.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<EditValues>
        name="areaEdit"
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{ name: area.name, kind: area.kind, sortOrder: area.sortOrder }}
      >
        <Form.Item
          label={t('areas.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('areas.required') }]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('areas.kind')}
          name="kind"
          rules={[{ required: true, message: t('areas.required') }]}
        >
          <Select options={AREA_KINDS[area.level].map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('areas.sortOrder')} name="sortOrder">
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MoveValues {
  newParentId: string;
}

export function MoveAreaModal({
  area,
  open,
  onClose,
  onMoved,
  onStale,
}: {
  area: Area;
  open: boolean;
  onClose(): void;
  onMoved(area: Area, oldParentId: string | null): void;
  onStale(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MoveValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [term, setTerm] = useState('');
  const parentLevels = (Object.keys(CHILD_LEVELS) as AreaLevel[]).filter((l) =>
    CHILD_LEVELS[l].includes(area.level),
  );

  const candidates = useQuery({
    queryKey: ['areaSearch', 'parents', term],
    queryFn: () => api.searchAreas(term, { limit: 30 }),
    enabled: open && term.trim().length > 0,
  });
  const options = (candidates.data?.items ?? [])
    .filter(
      (c) =>
        c.active &&
        parentLevels.includes(c.level) &&
        c.id !== area.id &&
        c.id !== area.parentId &&
        !c.ancestors.some((a) => a.id === area.id),
    )
    .map((c) => ({
      value: c.id,
      label: (
        <span>
          <Tag style={{ marginInlineEnd: 6 }}>{t(`levels.${c.level}`)}</Tag>
          {[...c.ancestors.map((a) => a.name), c.name].join(' › ')}
        </span>
      ),
    }));

  const submit = async (values: MoveValues) => {
    setBusy(true);
    setError(null);
    try {
      const moved = await api.moveArea(area.id, area.version, values.newParentId);
      onMoved(moved, area.parentId);
    } catch (caught) {
      setError(showServerErrors(form, caught, ['newParentId'], t));
      if (caught instanceof ApiError && caught.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t('areas.move')} · ${area.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<MoveValues>
        name="areaMove"
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          label={t('areas.newParent')}
          name="newParentId"
          rules={[{ required: true, message: t('areas.required') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setTerm }}
            placeholder={t('areas.newParentPlaceholder')}
            options={options}
            notFoundContent={candidates.isFetching ? <Spin size="small" /> : null}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
