import { Card, Col, Row, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined, MinusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MetricKey, MetricValueDto } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { formatMetricParts, metricChange, uiLang, type MetricChange } from './format.ts';
import { KPI_GROUPS } from './metrics.ts';
import { metricName } from './chartOptions.ts';

const GOOD = '#389e0d';
const BAD = '#cf1322';

function ChangeLine({ change, large }: { change: MetricChange | null; large: boolean }) {
  const { t } = useTranslation();
  const size = large ? 15 : 12;
  if (!change) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: size }}>
        {t('dashboard.kpi.noPrevious')}
      </Typography.Text>
    );
  }
  if (change.direction === 'flat') {
    return (
      <Typography.Text type="secondary" style={{ fontSize: size }}>
        <MinusOutlined /> {t('dashboard.kpi.same')}
      </Typography.Text>
    );
  }
  const colour = change.good ? GOOD : BAD;
  const amount = change.kind === 'points' ? `${change.amount} ${t('dashboard.kpi.points')}` : change.amount;
  return (
    <span style={{ fontSize: size }}>
      <span style={{ color: colour, fontWeight: 500 }}>
        {change.direction === 'up' ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {amount}
      </span>{' '}
      <Typography.Text type="secondary" style={{ fontSize: size }}>
        {t('dashboard.kpi.previous')}
      </Typography.Text>
    </span>
  );
}

function KpiCard({
  metric,
  value,
  selected,
  large,
  onSelect,
  onRows,
}: {
  metric: MetricKey;
  value: MetricValueDto | undefined;
  selected: boolean;
  large: boolean;
  onSelect(metric: MetricKey): void;
  onRows(metric: MetricKey): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const def = METRICS[metric];
  const parts = formatMetricParts(value?.value ?? null, def.unit, lang);
  const change = metricChange(
    value?.value ?? null,
    value?.previous ?? null,
    def.unit,
    def.higherIsBetter,
    lang,
  );
  return (
    <Card
      size="small"
      hoverable
      onClick={() => onSelect(metric)}
      data-testid={`kpi-${metric}`}
      data-selected={selected ? 'true' : 'false'}
      aria-pressed={selected}
      title={undefined}
      style={{
        height: '100%',
        borderColor: selected ? '#1d5fbf' : undefined,
        boxShadow: selected ? '0 0 0 1px #1d5fbf inset' : undefined,
      }}
      styles={{ body: { padding: large ? 16 : 12 } }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }}>
        <Typography.Text
          type="secondary"
          ellipsis
          style={{ fontSize: large ? 16 : 13, flex: 1, minWidth: 0 }}
          title={metricName(metric, lang)}
        >
          {metricName(metric, lang)}
        </Typography.Text>
        <Tooltip title={def.definition[lang]}>
          <InfoCircleOutlined
            style={{ color: '#8c8c8c', fontSize: 12 }}
            onClick={(e) => e.stopPropagation()}
          />
        </Tooltip>
      </div>
      <Tooltip title={t('dashboard.kpi.showRows')}>
        <a
          role="button"
          tabIndex={0}
          // The number opens the records behind it and, like the rest of the card, selects the metric
          // (so the map behind the drawer shows the same figure).
          onClick={(e) => {
            e.stopPropagation();
            onSelect(metric);
            onRows(metric);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.stopPropagation();
              onSelect(metric);
              onRows(metric);
            }
          }}
          data-testid={`kpi-value-${metric}`}
          style={{ display: 'inline-block', margin: '4px 0 2px', whiteSpace: 'nowrap' }}
        >
          <span
            style={{
              // Long figures (4,524,975) shrink a little rather than overflow a half-width card.
              fontSize: (large ? 36 : 24) * (parts.value.length > 8 ? 0.8 : 1),
              fontWeight: 600,
              fontVariantNumeric: 'tabular-nums',
            }}
          >
            {parts.value}
          </span>
          {parts.unit && parts.value !== '—' && (
            <span style={{ fontSize: large ? 16 : 13, marginInlineStart: def.unit === 'percent' ? 1 : 4 }}>
              {parts.unit}
            </span>
          )}
        </a>
      </Tooltip>
      <div>
        <ChangeLine change={change} large={large} />
      </div>
    </Card>
  );
}

/** The KPI cards in three columns: economic recovery, epidemic control, problem handling. */
export function KpiBoard({
  metrics,
  selected,
  large,
  onSelect,
  onRows,
}: {
  metrics: readonly MetricValueDto[];
  selected: MetricKey;
  large: boolean;
  onSelect(metric: MetricKey): void;
  onRows(metric: MetricKey): void;
}) {
  const { t } = useTranslation();
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  return (
    <Row gutter={[12, 12]}>
      {KPI_GROUPS.map((group) => (
        <Col key={group.group} xs={24} md={12} xl={8} data-testid={`kpi-group-${group.group}`}>
          <Typography.Title level={5} style={{ margin: '0 0 8px', fontSize: large ? 20 : 15 }}>
            {t(`dashboard.groups.${group.group}`)}
          </Typography.Title>
          <Row gutter={[8, 8]}>
            {group.metrics.map((metric) => (
              <Col key={metric} xs={12} sm={12}>
                <KpiCard
                  metric={metric}
                  value={byKey.get(metric)}
                  selected={metric === selected}
                  large={large}
                  onSelect={onSelect}
                  onRows={onRows}
                />
              </Col>
            ))}
          </Row>
        </Col>
      ))}
    </Row>
  );
}
