import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Result, Space, Spin, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api.ts';
import { useLang } from '../../session.ts';
import { publicApi, type PublicRequestBody } from './api.ts';

const MOBILE = /^1[3-9]\d{9}$/;

/** Counts down from `seconds` once started; 0 when idle. */
function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft];
}

type FormValues = Omit<PublicRequestBody, 'placeId'>;

/** The resident's form behind a place's QR code: /r/<area id or path>. No sign-in. */
export function PublicRequestPage() {
  const { placeRef = '' } = useParams();
  const { t } = useTranslation();
  const { lang } = useLang();
  const [form] = Form.useForm<FormValues>();
  const [countdown, startCountdown] = useCountdown();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const place = useQuery({ queryKey: ['public-place', placeRef], queryFn: () => publicApi.place(placeRef) });

  const showFieldErrors = (error: unknown) => {
    if (error instanceof ApiError && error.details.length > 0) {
      form.setFields(
        error.details
          .filter((d) => ['typeCode', 'description', 'name', 'phone', 'code'].includes(d.field))
          .map((d) => ({ name: d.field as keyof FormValues, errors: [d.reason] })),
      );
    }
  };

  const sendCode = useMutation({
    mutationFn: (phone: string) => publicApi.sendCode(phone),
    onSuccess: (sent) => {
      setSentTo(sent.phoneMasked);
      startCountdown(sent.resendAfterSeconds);
    },
    onError: showFieldErrors,
  });
  const submit = useMutation({
    mutationFn: (values: FormValues) => publicApi.submit({ ...values, placeId: place.data?.id ?? '' }),
    onError: showFieldErrors,
  });

  const wrap = (children: React.ReactNode) => (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: 12 }}>{children}</div>
  );

  if (place.isPending) return wrap(<Spin style={{ display: 'block', marginTop: 80 }} />);
  if (place.isError) {
    const missing =
      place.error instanceof ApiError && (place.error.status === 404 || place.error.status === 400);
    return wrap(
      <Result
        status={missing ? '404' : 'warning'}
        title={missing ? t('publicRequest.placeMissing') : errorText(place.error, t)}
      />,
    );
  }
  if (submit.data) {
    const trackPath = `/r/track/${submit.data.trackingToken}`;
    return wrap(
      <Result
        status="success"
        title={t('publicRequest.doneTitle')}
        subTitle={
          <Space orientation="vertical">
            <Typography.Text strong data-testid="public-request-code">
              {t('publicRequest.doneCode', { code: submit.data.code })}
            </Typography.Text>
            <Typography.Text type="secondary">{t('publicRequest.doneHint')}</Typography.Text>
            <Typography.Text copyable={{ text: `${window.location.origin}${trackPath}` }}>
              <Link to={trackPath}>{t('publicRequest.track')}</Link>
            </Typography.Text>
          </Space>
        }
        extra={
          <Button
            onClick={() => {
              submit.reset();
              form.resetFields();
              setSentTo(null);
            }}
          >
            {t('publicRequest.another')}
          </Button>
        }
      />,
    );
  }

  const data = place.data;
  const onSendCode = async () => {
    try {
      const { phone } = await form.validateFields(['phone']);
      sendCode.mutate(phone);
    } catch {
      // the field shows its own message
    }
  };

  return wrap(
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <div>
        <Typography.Title level={4} style={{ marginBottom: 4 }}>
          {t('publicRequest.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('publicRequest.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Typography.Text type="secondary">{t('publicRequest.place')}</Typography.Text>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="public-place-name">
          {data.name}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {data.trail.slice(0, -1).join(' / ')}
        </Typography.Text>
      </Card>
      {data.caseTypes.length === 0 ? (
        <Alert type="info" title={t('publicRequest.noTypes')} />
      ) : (
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ typeCode: data.caseTypes.length === 1 ? data.caseTypes[0]?.code : undefined }}
          onFinish={(values) => submit.mutate(values)}
        >
          <Form.Item
            name="typeCode"
            label={t('publicRequest.type')}
            rules={[{ required: true, message: t('publicRequest.typeRequired') }]}
          >
            <Radio.Group style={{ width: '100%' }}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {data.caseTypes.map((type) => (
                  <Radio key={type.code} value={type.code}>
                    {lang === 'en-US' ? type.name.en : type.name.zh}
                    {type.description ? (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {lang === 'en-US' ? type.description.en : type.description.zh}
                      </Typography.Text>
                    ) : null}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="description"
            label={t('publicRequest.description')}
            rules={[{ required: true, whitespace: true, message: t('publicRequest.descriptionRequired') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={2000}
              showCount
              placeholder={t('publicRequest.descriptionPlaceholder')}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('publicRequest.name')}
            rules={[{ required: true, whitespace: true, message: t('publicRequest.nameRequired') }]}
          >
            <Input maxLength={50} autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('publicRequest.phone')}
            normalize={(value: string) => value.replace(/[^\d]/g, '')}
            rules={[
              { required: true, message: t('publicRequest.phoneRequired') },
              { pattern: MOBILE, message: t('publicRequest.phoneInvalid') },
            ]}
          >
            <Input inputMode="numeric" maxLength={11} autoComplete="tel" />
          </Form.Item>
          <Form.Item
            label={t('publicRequest.code')}
            required
            extra={sentTo ? t('publicRequest.codeSent', { phone: sentTo }) : undefined}
          >
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item
                name="code"
                noStyle
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('publicRequest.codeRequired') }]}
              >
                <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
              </Form.Item>
              <Button
                onClick={() => void onSendCode()}
                disabled={countdown > 0}
                loading={sendCode.isPending}
                data-testid="send-code"
              >
                {countdown > 0
                  ? t('publicRequest.resend', { seconds: countdown })
                  : t('publicRequest.sendCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
          {sendCode.isError && !(sendCode.error instanceof ApiError && sendCode.error.details.length > 0) ? (
            <Alert type="error" title={errorText(sendCode.error, t)} style={{ marginBottom: 12 }} />
          ) : null}
          {submit.isError && !(submit.error instanceof ApiError && submit.error.details.length > 0) ? (
            <Alert type="error" title={errorText(submit.error, t)} style={{ marginBottom: 12 }} />
          ) : null}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('publicRequest.privacy')}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending}>
            {t('publicRequest.submit')}
          </Button>
        </Form>
      )}
    </Space>,
  );
}
