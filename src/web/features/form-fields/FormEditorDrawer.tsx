import type { ReactNode } from 'react';
import { Button, Col, Drawer, Grid, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The drawer a form definition (a case type, a record form's new version) is edited in: wide on a desk
 * with the live preview beside the editor, full width on a phone with the preview below.
 */
export function FormEditorDrawer({
  open,
  onClose,
  title,
  saving,
  onSave,
  saveLabel,
  saveTestId,
  children,
}: {
  open: boolean;
  onClose(): void;
  title: ReactNode;
  saving: boolean;
  onSave(): void;
  saveLabel: string;
  saveTestId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.lg ? 1100 : screens.md ? 720 : '100%'}
      destroyOnHidden
      title={title}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {saveLabel}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}

/** The editor and its preview side by side (the preview kept in view while the editor scrolls), or stacked. */
export function EditorWithPreview({ children, preview }: { children: ReactNode; preview: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const wide = Boolean(screens.lg);
  return (
    <Row gutter={24}>
      <Col xs={24} lg={15}>
        {children}
      </Col>
      <Col xs={24} lg={9}>
        <div style={wide ? { position: 'sticky', top: 0 } : { marginTop: 24 }}>{preview}</div>
      </Col>
    </Row>
  );
}
