import { useState } from 'react';
import { Alert, App, Button, Card, Form, Grid, Input, Select, Skeleton, Space } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ID_TYPES, RESIDENT_TYPES, SPECIAL_GROUPS } from '../../../shared/registries.ts';
import { ApiError, errorText } from '../../api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { peopleApi, type Person, type PersonBody } from './api.ts';
import { idNumberProblem, phoneProblem } from './idCheck.ts';
import type { IdType, ResidentType } from './types.ts';

interface Values {
  name: string;
  idType: IdType;
  idNumber?: string;
  phone?: string;
  gender?: 'male' | 'female';
  birthDate?: string;
  areaId: string;
  residentType: ResidentType;
  specialGroups: string[];
  note?: string;
}

const FIELDS = [
  'name',
  'idType',
  'idNumber',
  'phone',
  'gender',
  'birthDate',
  'areaId',
  'residentType',
  'specialGroups',
  'note',
];

function PersonForm({ person }: { person?: Person }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idType = Form.useWatch('idType', form) ?? person?.idType ?? 'resident_id';
  const editing = person !== undefined;

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    const body: PersonBody = {
      name: values.name.trim(),
      idType: values.idType,
      residentType: values.residentType,
      specialGroups: values.specialGroups,
      note: values.note?.trim() || null,
      areaId: values.areaId,
    };
    // When editing, an empty number field means "keep the stored one" (the form never sees it in clear).
    if (values.idNumber?.trim()) body.idNumber = values.idNumber;
    else if (!editing) body.idNumber = null;
    if (values.phone?.trim()) body.phone = values.phone;
    else if (!editing) body.phone = null;
    if (values.idType !== 'resident_id') {
      body.gender = values.gender ?? null;
      body.birthDate = values.birthDate || null;
    }
    try {
      const saved = person
        ? await peopleApi.update(person.id, { ...body, version: person.version })
        : await peopleApi.create({ ...body, name: body.name ?? '', areaId: values.areaId });
      void client.invalidateQueries({ queryKey: ['people'] });
      void client.invalidateQueries({ queryKey: ['person', saved.id] });
      void message.success(editing ? t('people.saved') : t('people.created', { name: saved.name }));
      void navigate(`/people/${saved.id}`);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const known = caught.details.filter((d) => FIELDS.includes(d.field));
        form.setFields(known.map((d) => ({ name: d.field as keyof Values, errors: [d.reason] })));
        if (caught.status === 409 && caught.details.some((d) => d.field === 'version')) {
          setError(t('people.stale'));
          void client.invalidateQueries({ queryKey: ['person', person?.id] });
          setBusy(false);
          return;
        }
      }
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: t('people.required') }];

  return (
    <Card
      title={editing ? t('people.editTitle') : t('people.createTitle')}
      styles={{ body: { padding: screens.md ? 24 : 12 } }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        name={editing ? 'personEdit' : 'personCreate'}
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={{
          name: person?.name ?? '',
          idType: person?.idType ?? 'resident_id',
          gender: person?.gender ?? undefined,
          birthDate: person?.birthDate ?? undefined,
          areaId: person?.areaId,
          residentType: person?.residentType ?? 'registered',
          specialGroups: person?.specialGroups ?? [],
          note: person?.note ?? '',
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('people.name')} name="name" rules={[...required, { max: 50 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('people.idType')} name="idType" rules={required}>
          <Select options={ID_TYPES.map((v) => ({ value: v, label: t(`people.idTypes.${v}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('people.idNumber')}
          name="idNumber"
          extra={
            editing
              ? `${person.idNumberMasked ?? ''} ${t('people.idKeep')}`
              : idType === 'resident_id'
                ? t('people.derived')
                : undefined
          }
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const problem = value ? idNumberProblem(idType, value) : null;
                return problem
                  ? Promise.reject(new Error(t(problem.key, { count: problem.count })))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <Input
            autoComplete="off"
            inputMode={idType === 'resident_id' ? 'numeric' : 'text'}
            maxLength={40}
          />
        </Form.Item>
        {idType !== 'resident_id' && (
          <Space wrap style={{ width: '100%' }}>
            <Form.Item label={t('people.gender')} name="gender" style={{ minWidth: 140 }}>
              <Select
                allowClear
                options={(['male', 'female'] as const).map((g) => ({
                  value: g,
                  label: t(`people.genders.${g}`),
                }))}
              />
            </Form.Item>
            <Form.Item label={t('people.birthDate')} name="birthDate">
              <Input type="date" />
            </Form.Item>
          </Space>
        )}
        <Form.Item
          label={t('people.phone')}
          name="phone"
          extra={editing ? `${person.phoneMasked ?? ''} ${t('people.phoneKeep')}` : undefined}
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const problem = value ? phoneProblem(value) : null;
                return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
              },
            },
          ]}
        >
          <Input autoComplete="off" inputMode="tel" maxLength={30} />
        </Form.Item>
        <Form.Item label={t('people.area')} name="areaId" rules={required}>
          <AreaSelect
            levels={['grid', 'place']}
            placeholder={t('people.areaPlaceholder')}
            initialLabel={person?.areaName}
          />
        </Form.Item>
        <Form.Item label={t('people.residentType')} name="residentType" rules={required}>
          <Select
            options={RESIDENT_TYPES.map((v) => ({ value: v, label: t(`people.residentTypes.${v}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('people.specialGroups')} name="specialGroups">
          <Select
            mode="multiple"
            options={SPECIAL_GROUPS.map((v) => ({ value: v, label: t(`people.specialGroupNames.${v}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('people.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
          <Button onClick={() => void navigate(person ? `/people/${person.id}` : '/people')}>
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

export function PersonCreatePage() {
  return <PersonForm />;
}

export function PersonEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useQuery({ queryKey: ['person', id], queryFn: () => peopleApi.get(id) });
  if (detail.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error, t)} />;
  return <PersonForm key={detail.data.person.version} person={detail.data.person} />;
}
