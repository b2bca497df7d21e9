import { useState } from 'react';
import { Alert, App, Button, Card, Form, Grid, Input, Select, Skeleton, Space, Switch } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RESIDENT_TYPES } from '../../../shared/registries.ts';
import { api, errorText } from '../../api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { DwellingFormModal } from './DwellingFormModal.tsx';
import { peopleApi, type Person } from './api.ts';
import { placeFieldErrors } from './fieldErrors.ts';
import { CompoundSelect, DwellingSelect } from './pickers.tsx';
import type { ResidentType } from './types.ts';

interface Values {
  areaId: string;
  compoundAreaId?: string;
  dwellingId?: string | null;
  residentType: ResidentType;
  singleRenter: boolean;
  note?: string;
}

const FIELDS = ['areaId', 'dwellingId', 'residentType', 'singleRenter', 'note'] as const;

function HouseholdForm({
  person,
  compound,
  dwellingId,
}: {
  person?: Person;
  compound?: { id: string; name: string };
  dwellingId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [addingDwelling, setAddingDwelling] = useState(false);
  const compoundAreaId = Form.useWatch('compoundAreaId', form);
  const required = [{ required: true, message: t('people.required') }];

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    let householdId: string;
    try {
      const household = await peopleApi.createHousehold({
        areaId: values.areaId,
        dwellingId: values.dwellingId ?? null,
        residentType: values.residentType,
        singleRenter: values.singleRenter,
        note: values.note?.trim() || null,
      });
      householdId = household.id;
    } catch (caught) {
      setError(placeFieldErrors(form, caught, FIELDS, errorText(caught, t)));
      setBusy(false);
      return;
    }
    if (person) {
      try {
        await peopleApi.addMember(householdId, { personId: person.id, role: 'head' });
        void client.invalidateQueries({ queryKey: ['person', person.id] });
        void client.invalidateQueries({ queryKey: ['people'] });
      } catch (caught) {
        // The household exists; its page lets the user add the person again.
        void message.error(errorText(caught, t));
      }
    }
    void message.success(t('people.householdCreated'));
    setBusy(false);
    void navigate(`/people/households/${householdId}`, { replace: true });
  };

  return (
    <Card title={t('people.addHousehold')} styles={{ body: { padding: screens.md ? 24 : 12 } }}>
      {person && (
        <Alert
          type="info"
          showIcon
          title={t('people.headFromPerson', { name: person.name })}
          style={{ marginBottom: 16 }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        name="householdCreate"
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={{
          areaId: person?.areaId ?? compound?.id,
          compoundAreaId: compound?.id,
          dwellingId: dwellingId ?? null,
          residentType: person?.residentType ?? 'tenant',
          singleRenter: false,
          note: '',
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('people.area')} name="areaId" rules={required}>
          <AreaSelect
            levels={['grid', 'place']}
            placeholder={t('people.areaPlaceholder')}
            initialLabel={person?.areaName ?? compound?.name}
          />
        </Form.Item>
        <Form.Item label={t('people.compound')} name="compoundAreaId">
          <CompoundSelect
            allowClear
            initialLabel={compound?.name}
            onChange={() => form.setFieldValue('dwellingId', null)}
          />
        </Form.Item>
        <Form.Item label={t('people.dwelling')} required={false}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="dwellingId" noStyle>
              <DwellingSelect compoundAreaId={compoundAreaId} />
            </Form.Item>
            <Button
              icon={<PlusOutlined />}
              aria-label={t('people.addDwelling')}
              onClick={() => setAddingDwelling(true)}
            >
              {screens.sm ? t('people.addDwelling') : null}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('people.residentType')} name="residentType" rules={required}>
          <Select
            options={RESIDENT_TYPES.map((v) => ({ value: v, label: t(`people.residentTypes.${v}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('people.singleRenter')}
          name="singleRenter"
          valuePropName="checked"
          extra={t('people.singleRenterHelp')}
        >
          <Switch />
        </Form.Item>
        <Form.Item label={t('people.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      {addingDwelling && (
        <DwellingFormModal
          compound={
            compoundAreaId
              ? { id: compoundAreaId, name: compound?.id === compoundAreaId ? compound.name : null }
              : undefined
          }
          onClose={() => setAddingDwelling(false)}
          onCreated={(d) => {
            setAddingDwelling(false);
            form.setFieldsValue({ compoundAreaId: d.compoundAreaId, dwellingId: d.id });
          }}
        />
      )}
    </Card>
  );
}

/** /people/households/new, optionally ?person= (joins as head), ?compound= and ?dwelling=. */
export function HouseholdCreatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const personId = params.get('person');
  const compoundId = params.get('compound');
  const person = useQuery({
    queryKey: ['person', personId],
    queryFn: () => peopleApi.get(personId ?? ''),
    enabled: !!personId,
  });
  const compound = useQuery({
    queryKey: ['area', compoundId],
    queryFn: () => api.area(compoundId ?? ''),
    enabled: !!compoundId,
  });
  if ((personId && person.isPending) || (compoundId && compound.isPending)) {
    return <Skeleton active paragraph={{ rows: 6 }} />;
  }
  const failed = person.error ?? compound.error;
  if (failed) return <Alert type="error" showIcon title={errorText(failed, t)} />;
  return (
    <HouseholdForm
      person={person.data?.person}
      compound={compound.data ? { id: compound.data.area.id, name: compound.data.area.name } : undefined}
      dwellingId={params.get('dwelling') ?? undefined}
    />
  );
}
