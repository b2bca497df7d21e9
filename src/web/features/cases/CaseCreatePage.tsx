import { useMemo } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, BookOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { normaliseFields } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { casesApi, loc, type CaseType, type CreateCaseBody } from './api.ts';
import { FieldInput } from '../form-fields/FieldInput.tsx';
import { StatusTag, useCaseTypes } from './common.tsx';
import { showServerErrors } from './fieldErrors.ts';
import { OrgPicker, useDebounced } from './pickers.tsx';

interface Values {
  typeCode?: string;
  category?: string;
  title?: string;
  description?: string;
  subjectOrgId?: string;
  areaId?: string;
  urgent?: boolean;
  fields?: Record<string, unknown>;
}

/** Yes/no answers start as "no", so a required switch is never blank. */
function blankAnswers(type: CaseType | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (type?.fields ?? []).filter((f) => f.type === 'boolean').map((f) => [f.key, false]),
  );
}

const FIELDS = ['typeCode', 'category', 'title', 'description', 'subjectOrgId', 'areaId', 'priority'];

/** Cases and guides like the one being written, asked for once the typing pauses. */
function SimilarPanel({
  typeCode,
  category,
  subjectOrgId,
  text,
  base,
}: {
  typeCode?: string;
  category?: string;
  subjectOrgId?: string;
  text: string;
  base: string;
}) {
  const { t } = useTranslation();
  const settled = useDebounced(text.trim(), 500);
  const similar = useQuery({
    queryKey: ['cases', 'similar', typeCode, category, subjectOrgId, settled],
    queryFn: () => casesApi.similar({ typeCode, category, subjectOrgId, text: settled }),
    enabled: settled.length >= 2 && !!typeCode,
  });
  const cases = similar.data?.cases ?? [];
  const guides = similar.data?.guides ?? [];
  return (
    <Card size="small" title={t('cases.create.similarTitle')} data-testid="similar-panel">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('cases.create.similarHint')}
      </Typography.Paragraph>
      {similar.isFetching ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : similar.isError ? (
        <Typography.Text type="secondary">{errorText(similar.error, t)}</Typography.Text>
      ) : cases.length === 0 && guides.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.create.noSimilar')} />
      ) : (
        <>
          {guides.length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>{t('cases.create.similarGuides')}</Typography.Text>}
              dataSource={guides}
              renderItem={(g) => (
                <List.Item style={{ paddingInline: 0 }}>
                  <Space orientation="vertical" size={0}>
                    <span>
                      <BookOutlined /> {g.title}
                    </span>
                    {g.body && (
                      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                        {g.body}
                      </Typography.Paragraph>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          )}
          {cases.length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>{t('cases.create.similarCases')}</Typography.Text>}
              dataSource={cases}
              renderItem={(c) => (
                <List.Item style={{ paddingInline: 0 }}>
                  <a href={`${base}/${c.id}`} target="_blank" rel="noreferrer" style={{ minWidth: 0 }}>
                    {c.code} {c.title}
                  </a>
                  <StatusTag status={c.status} />
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}

/**
 * A new case, its form driven by the chosen type's fields. `portal` is the enterprise user's
 * version: only types enterprises may file, no subject picker (the server files for the user's
 * own organisation), and the new case opens in the portal.
 */
export function CaseCreatePage({ portal = false }: { portal?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const types = useCaseTypes();
  const base = portal ? '/my-cases' : '/cases';
  const usable: CaseType[] = useMemo(
    () =>
      (types.data?.items ?? []).filter(
        (ty) => ty.active && ty.submitters.includes(portal ? 'enterprise' : 'staff'),
      ),
    [types.data, portal],
  );
  const typeCode = Form.useWatch('typeCode', form);
  const category = Form.useWatch('category', form);
  const subjectOrgId = Form.useWatch('subjectOrgId', form);
  const title = Form.useWatch('title', form) ?? '';
  const description = Form.useWatch('description', form) ?? '';
  const type = usable.find((ty) => ty.code === typeCode);

  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: CreateCaseBody = {
        typeCode: v.typeCode ?? '',
        title: (v.title ?? '').trim(),
        description: (v.description ?? '').trim(),
        fields: normaliseFields(type?.fields ?? [], v.fields ?? {}),
        priority: v.urgent ? 'urgent' : 'normal',
      };
      if (v.category) body.category = v.category;
      if (v.subjectOrgId) body.subjectOrgId = v.subjectOrgId;
      if (v.areaId) body.areaId = v.areaId;
      return casesApi.create(body);
    },
    onSuccess: async (created) => {
      void message.success(t('cases.create.created', { code: created.code }));
      await client.invalidateQueries({ queryKey: ['cases', 'list'] });
      void navigate(`${base}/${created.id}`, { replace: true });
    },
    onError: (error) => {
      if (!showServerErrors(form, error, FIELDS)) void message.error(errorText(error, t));
    },
  });

  const initialType = portal
    ? (usable.find((ty) => ty.code === 'enterprise_problem') ?? usable[0])?.code
    : undefined;

  const formCard = (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => void navigate(base)}
            aria-label={t('common.back')}
          />
          {portal ? t('cases.create.portalTitle') : t('cases.create.title')}
        </Space>
      }
      loading={types.isPending}
      styles={{ body: { paddingBottom: 8 } }}
    >
      {types.isError && <Alert type="error" showIcon title={errorText(types.error, t)} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="caseCreate"
        initialValues={{
          typeCode: initialType,
          urgent: false,
          fields: blankAnswers(usable.find((ty) => ty.code === initialType)),
        }}
        key={initialType ?? 'none'}
        onValuesChange={(changed: Values) => {
          if ('typeCode' in changed) {
            const next = usable.find((ty) => ty.code === changed.typeCode);
            form.setFieldsValue({ category: undefined, fields: blankAnswers(next) });
          }
        }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item
          name="typeCode"
          label={t('cases.create.type')}
          rules={[{ required: true, message: t('cases.create.required') }]}
        >
          <Select
            placeholder={t('cases.create.typePlaceholder')}
            options={usable.map((ty) => ({ value: ty.code, label: loc(ty.name) }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        {type?.description && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
            {loc(type.description)}
          </Typography.Paragraph>
        )}
        {type && type.categories.length > 0 && (
          <Form.Item
            name="category"
            label={t('cases.field.category')}
            rules={[{ required: true, message: t('cases.create.required') }]}
          >
            <Select
              placeholder={t('cases.create.categoryPlaceholder')}
              options={type.categories.map((c) => ({ value: c.code, label: loc(c.name) }))}
            />
          </Form.Item>
        )}
        {!portal && type?.subjectKind === 'org' && (
          <Form.Item name="subjectOrgId" label={t('cases.field.subject')}>
            <OrgPicker placeholder={t('cases.create.subjectPlaceholder')} />
          </Form.Item>
        )}
        {!portal && type && type.subjectKind !== 'org' && (
          <Form.Item name="areaId" label={t('cases.field.area')}>
            <AreaSelect placeholder={t('cases.create.areaPlaceholder')} allowClear />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('cases.field.title')}
          rules={[
            { required: true, whitespace: true, message: t('cases.create.required') },
            { max: 200, message: t('cases.create.tooLong', { max: 200 }) },
          ]}
        >
          <Input placeholder={t('cases.create.titlePlaceholder')} maxLength={200} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('cases.field.description')}
          rules={[
            { required: true, whitespace: true, message: t('cases.create.required') },
            { max: 5000, message: t('cases.create.tooLong', { max: 5000 }) },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            placeholder={t('cases.create.descriptionPlaceholder')}
          />
        </Form.Item>
        {(type?.fields ?? []).map((spec) => (
          <FieldInput key={`${type?.code}.${spec.key}`} spec={spec} prefix="fields" />
        ))}
        {!portal && (
          <Form.Item name="urgent" label={t('cases.field.priority')} valuePropName="checked">
            <Switch
              checkedChildren={t('cases.priority.urgent')}
              unCheckedChildren={t('cases.priority.normal')}
            />
          </Form.Item>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} block>
            {t('cases.create.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );

  return (
    <Row gutter={[16, 16]} style={{ maxWidth: 1100 }}>
      <Col xs={24} lg={15}>
        {formCard}
      </Col>
      <Col xs={24} lg={9}>
        <SimilarPanel
          typeCode={typeCode}
          category={category}
          subjectOrgId={subjectOrgId}
          text={`${title} ${description}`}
          base={base}
        />
      </Col>
    </Row>
  );
}
