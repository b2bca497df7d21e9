import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Lang } from './i18n.ts';
import { useLang } from './session.ts';

export function LanguageSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { lang, setLang } = useLang();
  return (
    <Segmented<Lang>
      aria-label={t('lang.switch')}
      size={size}
      value={lang}
      onChange={(value) => setLang(value)}
      options={[
        { label: t('lang.zh'), value: 'zh-CN' },
        { label: t('lang.en'), value: 'en-US' },
      ]}
      data-testid="lang-switch"
    />
  );
}
