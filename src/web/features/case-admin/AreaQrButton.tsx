import { useState } from 'react';
import { Button, Modal, Space, Typography } from 'antd';
import { DownloadOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { caseAdminApi } from './api.ts';

/**
 * The QR code of an area's resident form (/r/<area id>): the SVG on screen, the PNG to download
 * for printing, and the address it opens. The server draws both images for callers who may see the area.
 */
export function AreaQrButton({ area }: { area: { id: string; code: string; name: string } }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const url = `${window.location.origin}/r/${area.id}`;
  return (
    <>
      <Button icon={<QrcodeOutlined />} onClick={() => setOpen(true)} data-testid="area-qr-button">
        {t('caseAdmin.qr.button')}
      </Button>
      <Modal
        open={open}
        title={t('caseAdmin.qr.title', { name: area.name })}
        onCancel={() => setOpen(false)}
        footer={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              href={caseAdminApi.qrPngUrl(area.id)}
              download={`qr-${area.code}.png`}
            >
              {t('caseAdmin.qr.download')}
            </Button>
            <Button type="primary" onClick={() => setOpen(false)}>
              {t('common.close')}
            </Button>
          </Space>
        }
        destroyOnHidden
      >
        <div style={{ textAlign: 'center' }}>
          <img
            src={caseAdminApi.qrSvgUrl(area.id)}
            alt={t('caseAdmin.qr.alt', { name: area.name })}
            style={{ width: 240, maxWidth: '100%', aspectRatio: '1 / 1' }}
            data-testid="area-qr-image"
          />
        </div>
        <Typography.Paragraph type="secondary">{t('caseAdmin.qr.hint')}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('caseAdmin.qr.url')}</Typography.Text>
        <Typography.Paragraph
          copyable={{ text: url }}
          style={{ wordBreak: 'break-all' }}
          data-testid="area-qr-url"
        >
          <a href={url} target="_blank" rel="noreferrer">
            {url}
          </a>
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
