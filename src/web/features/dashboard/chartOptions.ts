// ECharts options of the dashboard's charts, built from the API's answers. Pure (no echarts import at
// run time), so the shapes, ordering and colours are unit-tested.
import type { EChartsCoreOption } from 'echarts/core';
import type {
  BreakdownRowDto,
  DashboardDimensionDto,
  DashboardTrendDto,
  GeoFeatureCollectionDto,
  MetricKey,
  MetricUnit,
} from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { formatMetric, scaleValue, type UiLang } from './format.ts';

/** Red for the laggards, green for the leaders, whichever way the metric points. */
const GOOD_TO_BAD = ['#52c41a', '#faad14', '#f5222d'];

export function metricName(key: MetricKey, lang: UiLang): string {
  return METRICS[key].name[lang] || METRICS[key].name.zh;
}

/** One area's value as the charts show it: the item carries the area id, which a click drills into. */
export interface AreaDatum {
  name: string;
  value: number | null;
  areaId: string;
  level: string;
}

/** The child areas, best first (by the metric's direction), areas without a value last. */
export function rankRows(rows: readonly BreakdownRowDto[], higherIsBetter: boolean): BreakdownRowDto[] {
  return [...rows].sort((a, b) => {
    if (a.value === null && b.value === null) return a.area.name.localeCompare(b.area.name);
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return higherIsBetter ? b.value - a.value : a.value - b.value;
  });
}

function valueRange(values: readonly (number | null)[]): { min: number; max: number } {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return { min: 0, max: 1 };
  const min = Math.min(...known);
  const max = Math.max(...known);
  // A single value (or all equal) still needs a span for the colour scale.
  return min === max ? { min: Math.min(0, min), max: max === 0 ? 1 : Math.max(0, max) } : { min, max };
}

export interface ChartStyle {
  lang: UiLang;
  /** Big screen: larger type. */
  large?: boolean;
}

function fontSize(style: ChartStyle, normal: number): number {
  return style.large ? Math.round(normal * 1.4) : normal;
}

function tooltipValue(unit: MetricUnit, lang: UiLang) {
  // Chart values are already scaled (万元 / M); format them back through the card's formatter.
  const unscale = (v: number) => (unit === 'cny' ? (lang === 'zh' ? v * 10_000 : v * 1_000_000) : v);
  return (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? formatMetric(unscale(value), unit, lang) : '—';
}

/** The name ECharts registers the child areas' shapes under, one map per parent area. */
export function mapNameFor(areaId: string): string {
  return `gridline-area-${areaId}`;
}

/** The map: each child area coloured by the selected metric (visualMap), labelled, clickable. */
export function buildMapOption(input: {
  mapName: string;
  geo: GeoFeatureCollectionDto;
  rows: readonly BreakdownRowDto[];
  metric: MetricKey;
  style: ChartStyle;
}): EChartsCoreOption {
  const { geo, rows, metric, style } = input;
  const def = METRICS[metric];
  const byArea = new Map(rows.map((r) => [r.area.id, r]));
  const data = geo.features.map((f) => {
    const row = byArea.get(f.properties.areaId);
    const value = row?.value ?? null;
    return {
      name: f.properties.name,
      value: value === null ? null : scaleValue(value, def.unit, style.lang),
      areaId: f.properties.areaId,
      level: f.properties.level,
    };
  });
  const range = valueRange(data.map((d) => d.value));
  const format = tooltipValue(def.unit, style.lang);
  const colours = def.higherIsBetter ? [...GOOD_TO_BAD].reverse() : GOOD_TO_BAD;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name?: string; value?: unknown }) => `${p.name ?? ''}<br/>${format(p.value)}`,
    },
    visualMap: {
      type: 'continuous',
      min: range.min,
      max: range.max,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemWidth: 12,
      itemHeight: 160,
      // The end labels say the range; draggable handles would repeat it and crowd a phone.
      calculable: false,
      inRange: { color: colours },
      text: [format(range.max), format(range.min)],
      textStyle: { fontSize: fontSize(style, 11) },
    },
    series: [
      {
        type: 'map',
        map: input.mapName,
        name: metricName(metric, style.lang),
        roam: false,
        selectedMode: false,
        // Leave the bottom to the colour scale.
        top: 8,
        bottom: 44,
        left: 'center',
        label: {
          show: true,
          fontSize: fontSize(style, 11),
          color: '#1f1f1f',
          textBorderColor: '#ffffff',
          textBorderWidth: 2,
        },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#1d5fbf' } },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        data,
      },
    ],
  };
}

/** The ranking: a horizontal bar per child area, best on top; a click drills in. */
export function buildRankingOption(input: {
  rows: readonly BreakdownRowDto[];
  metric: MetricKey;
  style: ChartStyle;
}): EChartsCoreOption {
  const { metric, style } = input;
  const def = METRICS[metric];
  const ranked = rankRows(input.rows, def.higherIsBetter);
  const format = tooltipValue(def.unit, style.lang);
  const range = valueRange(
    ranked.map((r) => (r.value === null ? null : scaleValue(r.value, def.unit, style.lang))),
  );
  const colours = def.higherIsBetter ? [...GOOD_TO_BAD].reverse() : GOOD_TO_BAD;
  const data: AreaDatum[] = ranked.map((r) => ({
    name: r.area.name,
    value: r.value === null ? null : scaleValue(r.value, def.unit, style.lang),
    areaId: r.area.id,
    level: r.area.level,
  }));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      axisLabel: { fontSize: fontSize(style, 11) },
      // Rates read against the whole 0–100 % scale, not against the leader.
      ...(def.unit === 'percent' ? { max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)) } : {}),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.name),
      axisLabel: { fontSize: fontSize(style, 12), width: 110, overflow: 'truncate' },
    },
    visualMap: {
      show: false,
      type: 'continuous',
      dimension: 0,
      min: range.min,
      max: range.max,
      inRange: { color: colours },
    },
    series: [
      {
        type: 'bar',
        name: metricName(metric, style.lang),
        data,
        barMaxWidth: 22,
        label: {
          show: true,
          position: 'right',
          fontSize: fontSize(style, 11),
          formatter: (p: { value?: unknown }) => format(p.value),
        },
      },
    ],
  };
}

/** The bar chart's height for n areas: a readable row each, within limits. */
export function rankingHeight(count: number, large = false): number {
  const row = large ? 34 : 26;
  return Math.max(160, Math.min(count * row + 24, 900));
}

/** The trend: a line per metric over the days; metrics of a second unit get a right-hand axis. */
export function buildTrendOption(input: { trend: DashboardTrendDto; style: ChartStyle }): EChartsCoreOption {
  const { trend, style } = input;
  const units: MetricUnit[] = [];
  for (const s of trend.series) {
    const unit = METRICS[s.key].unit;
    if (!units.includes(unit)) units.push(unit);
  }
  const axisUnits = units.slice(0, 2);
  const axisOf = (unit: MetricUnit) => Math.max(0, axisUnits.indexOf(unit));
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, textStyle: { fontSize: fontSize(style, 12) } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: trend.days.map((d) => d.slice(5)),
      axisLabel: { fontSize: fontSize(style, 11) },
    },
    yAxis: axisUnits.map((unit, i) => ({
      type: 'value',
      position: i === 0 ? 'left' : 'right',
      splitLine: { show: i === 0 },
      axisLabel: {
        fontSize: fontSize(style, 11),
        formatter: unit === 'percent' ? '{value}%' : '{value}',
      },
      ...(unit === 'percent' ? { max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)) } : {}),
    })),
    series: trend.series.map((s) => {
      const unit = METRICS[s.key].unit;
      return {
        type: 'line',
        name: metricName(s.key, style.lang),
        yAxisIndex: axisOf(unit),
        data: s.values.map((v) => (v === null ? null : scaleValue(v, unit, style.lang))),
        connectNulls: true,
        symbolSize: style.large ? 7 : 5,
        lineStyle: { width: style.large ? 3 : 2 },
        tooltip: { valueFormatter: tooltipValue(unit, style.lang) },
      };
    }),
  };
}

/** The index of the day a trend click points at (the x-axis shows MM-DD). */
export function dayAt(trend: DashboardTrendDto, dataIndex: number): string | null {
  return trend.days[dataIndex] ?? null;
}

/** The breakdown by industry (a ring) or by department (bars). */
export function buildDimensionOption(input: {
  dimension: DashboardDimensionDto;
  style: ChartStyle;
}): EChartsCoreOption {
  const { dimension, style } = input;
  const def = METRICS[dimension.metric];
  const format = tooltipValue(def.unit, style.lang);
  const data = dimension.rows
    .filter((r) => r.value !== null)
    .map((r) => ({
      name: r.label[style.lang] || r.label.zh || r.dim,
      value: scaleValue(r.value ?? 0, def.unit, style.lang),
      dim: r.dim,
    }))
    .sort((a, b) => b.value - a.value);
  // Shares only add up for counts; a ring of rates would mislead, so rates are bars.
  if (dimension.dimension === 'industry' && def.unit !== 'percent') {
    return {
      tooltip: { trigger: 'item', valueFormatter: format },
      legend: { type: 'scroll', bottom: 0, textStyle: { fontSize: fontSize(style, 11) } },
      series: [
        {
          type: 'pie',
          name: metricName(dimension.metric, style.lang),
          radius: ['38%', '66%'],
          center: ['50%', '44%'],
          avoidLabelOverlap: true,
          label: { fontSize: fontSize(style, 11) },
          data,
        },
      ],
    };
  }
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { fontSize: fontSize(style, 11) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.name),
      axisLabel: { fontSize: fontSize(style, 12), width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: metricName(dimension.metric, style.lang),
        data,
        barMaxWidth: 20,
        itemStyle: { color: '#1d5fbf' },
        label: {
          show: true,
          position: 'right',
          fontSize: fontSize(style, 11),
          formatter: (p: { value?: unknown }) => format(p.value),
        },
      },
    ],
  };
}

/** A gauge for a percentage on the big screen (the selected metric's value for the whole area). */
export function buildGaugeOption(input: {
  value: number | null;
  metric: MetricKey;
  style: ChartStyle;
}): EChartsCoreOption {
  const { value, metric, style } = input;
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '92%',
        center: ['50%', '58%'],
        progress: { show: true, width: 12 },
        axisLine: { lineStyle: { width: 12 } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        title: { offsetCenter: [0, '48%'], fontSize: fontSize(style, 12) },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '-8%'],
          fontSize: fontSize(style, 20),
          formatter: (v: number) => formatMetric(v, 'percent', style.lang),
        },
        data: [{ value: value ?? 0, name: metricName(metric, style.lang) }],
      },
    ],
  };
}
