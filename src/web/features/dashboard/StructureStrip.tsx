import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardSummaryDto } from '../../../shared/dashboard.ts';
import { formatNumber, uiLang } from './format.ts';

type Structure = DashboardSummaryDto['structure'];

/** The facts of the structure in one line: 8 镇街道 · 235 网格 · 703 规上企业 · 590 名干部 / 20 个指导组 … */
export function StructureStrip({ structure, large }: { structure: Structure; large: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const n = (value: number) => (
    <strong style={{ fontSize: large ? 22 : 16, fontVariantNumeric: 'tabular-nums' }}>
      {formatNumber(value, lang)}
    </strong>
  );
  const items: { key: string; content: React.ReactNode }[] = [
    {
      key: 'towns',
      content: (
        <>
          {n(structure.towns)} {t('dashboard.structure.towns')}
        </>
      ),
    },
    {
      key: 'communities',
      content: (
        <>
          {n(structure.communities)} {t('dashboard.structure.communities')}
        </>
      ),
    },
    {
      key: 'grids',
      content: (
        <>
          {n(structure.grids)} {t('dashboard.structure.grids')}
        </>
      ),
    },
    {
      key: 'aboveScale',
      content: (
        <>
          {n(structure.aboveScaleEnterprises)} {t('dashboard.structure.aboveScale')}
        </>
      ),
    },
    {
      key: 'cadres',
      content: (
        <>
          {n(structure.cadres)} {t('dashboard.structure.cadres')} / {n(structure.guidanceGroups)}{' '}
          {t('dashboard.structure.groups')}
        </>
      ),
    },
    {
      key: 'plans',
      content: (
        <>
          {n(structure.keyEnterprisePlans)} {t('dashboard.structure.plans')}
        </>
      ),
    },
    {
      key: 'solved',
      content: (
        <>
          {n(structure.problemsSolved)} {t('dashboard.structure.solved')}
        </>
      ),
    },
    {
      key: 'markets',
      content: (
        <>
          {n(structure.markets)} {t('dashboard.structure.markets')} + {n(structure.supermarkets)}{' '}
          {t('dashboard.structure.supermarkets')}
        </>
      ),
    },
  ];
  return (
    <Card size="small" styles={{ body: { padding: '8px 12px' } }} data-testid="structure-strip">
      <Flex wrap gap={large ? '8px 28px' : '4px 18px'} align="baseline">
        <Typography.Text type="secondary" style={{ fontSize: large ? 16 : 13 }}>
          {t('dashboard.structure.title')}
        </Typography.Text>
        {items.map((item) => (
          <span
            key={item.key}
            data-testid={`structure-${item.key}`}
            style={{ whiteSpace: 'nowrap', fontSize: large ? 16 : 13 }}
          >
            {item.content}
          </span>
        ))}
      </Flex>
    </Card>
  );
}
