import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';

/** A failed read of one panel: the server's reason in the user's language and a retry button. */
export function QueryErrorAlert({
  query,
  type = 'error',
}: {
  query: { error: unknown; refetch(): Promise<unknown> };
  type?: 'error' | 'warning';
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type={type}
      showIcon
      title={errorText(query.error, t)}
      action={
        <Button size="small" onClick={() => void query.refetch()}>
          {t('dashboard.error.retry')}
        </Button>
      }
    />
  );
}
