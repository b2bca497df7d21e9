import { describe, expect, it } from 'vitest';
import type {
  BreakdownRowDto,
  DashboardDimensionDto,
  DashboardTrendDto,
  GeoFeatureCollectionDto,
} from '../../../shared/dashboard.ts';
import {
  buildDimensionOption,
  buildGaugeOption,
  buildMapOption,
  buildRankingOption,
  buildTrendOption,
  dayAt,
  mapNameFor,
  rankingHeight,
  rankRows,
} from './chartOptions.ts';

const row = (id: string, name: string, value: number | null): BreakdownRowDto => ({
  area: { id, name, path: `ph.${id}`, level: 'town' },
  value,
  numerator: null,
  denominator: null,
});

const rows = [
  row('a', '当湖街道', 80),
  row('b', '钟埭街道', null),
  row('c', '新埭镇', 95.5),
  row('d', '广陈镇', 60),
];

const geo: GeoFeatureCollectionDto = {
  type: 'FeatureCollection',
  features: ['a', 'c', 'x'].map((id) => ({
    type: 'Feature',
    properties: { name: `n-${id}`, areaId: id, path: `ph.${id}`, level: 'town' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
  })),
};

// The options are plain objects: read them back as such.
type Loose = Record<string, unknown> & { series: Record<string, unknown>[] };
const loose = (o: unknown) => o as Loose;

describe('rankRows', () => {
  it('puts the best first and areas without a value last', () => {
    expect(rankRows(rows, true).map((r) => r.area.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(rankRows(rows, false).map((r) => r.area.id)).toEqual(['d', 'a', 'c', 'b']);
  });
});

describe('buildMapOption', () => {
  const option = loose(
    buildMapOption({ mapName: mapNameFor('p'), geo, rows, metric: 'resumption_rate', style: { lang: 'zh' } }),
  );
  it('joins the breakdown to the shapes by area id and keeps the id for the drill', () => {
    const series = option.series[0] as {
      type: string;
      map: string;
      data: { name: string; value: number | null; areaId: string }[];
    };
    expect(series.type).toBe('map');
    expect(series.map).toBe('gridline-area-p');
    expect(series.data).toEqual([
      { name: 'n-a', value: 80, areaId: 'a', level: 'town' },
      { name: 'n-c', value: 95.5, areaId: 'c', level: 'town' },
      { name: 'n-x', value: null, areaId: 'x', level: 'town' },
    ]);
  });
  it('spans the colour scale over the known values, green at the top for a higher-is-better metric', () => {
    const visualMap = option.visualMap as {
      min: number;
      max: number;
      inRange: { color: string[] };
      text: string[];
    };
    expect([visualMap.min, visualMap.max]).toEqual([80, 95.5]);
    expect(visualMap.inRange.color.at(-1)).toBe('#52c41a');
    expect(visualMap.text).toEqual(['95.5%', '80%']);
  });
  it('turns the scale round for a lower-is-better metric and scales money', () => {
    const money = loose(
      buildMapOption({
        mapName: 'm',
        geo,
        rows: [row('a', 'A', 73_050_000), row('c', 'C', 10_000)],
        metric: 'refunds_amount',
        style: { lang: 'zh' },
      }),
    );
    const data = (money.series[0] as { data: { value: number | null }[] }).data;
    expect(data.map((d) => d.value)).toEqual([7305, 1, null]);
    const fever = loose(
      buildMapOption({ mapName: 'm', geo, rows, metric: 'fever_alerts', style: { lang: 'en' } }),
    );
    expect((fever.visualMap as { inRange: { color: string[] } }).inRange.color.at(-1)).toBe('#f5222d');
  });
});

describe('buildRankingOption', () => {
  it('lists the areas best first with their ids for the drill', () => {
    const option = loose(buildRankingOption({ rows, metric: 'resumption_rate', style: { lang: 'en' } }));
    expect((option.yAxis as { data: string[]; inverse: boolean }).data).toEqual([
      '新埭镇',
      '当湖街道',
      '广陈镇',
      '钟埭街道',
    ]);
    expect((option.series[0] as { data: { areaId: string }[] }).data.map((d) => d.areaId)).toEqual([
      'c',
      'a',
      'd',
      'b',
    ]);
  });
  it('sizes the chart by the number of areas, within limits', () => {
    expect(rankingHeight(1)).toBe(160);
    expect(rankingHeight(8)).toBe(8 * 26 + 24);
    expect(rankingHeight(235)).toBe(900);
  });
});

describe('buildTrendOption', () => {
  const trend: DashboardTrendDto = {
    area: { id: 'p', name: '平湖市', path: 'ph', level: 'city' },
    from: '2020-02-01',
    to: '2020-02-03',
    days: ['2020-02-01', '2020-02-02', '2020-02-03'],
    series: [
      { key: 'resumption_rate', values: [50, null, 70] },
      { key: 'refunds_amount', values: [0, 2_280_000, 10_000_000] },
    ],
  };
  const option = loose(buildTrendOption({ trend, style: { lang: 'zh' } }));
  it('draws one line per metric over the days, money in 万元', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['02-01', '02-02', '02-03']);
    expect(option.series.map((s) => s.data)).toEqual([
      [50, null, 70],
      [0, 228, 1000],
    ]);
  });
  it('puts a second unit on a right-hand axis', () => {
    expect((option.yAxis as unknown[]).length).toBe(2);
    expect(option.series.map((s) => s.yAxisIndex)).toEqual([0, 1]);
  });
  it('finds the day of a clicked point', () => {
    expect(dayAt(trend, 1)).toBe('2020-02-02');
    expect(dayAt(trend, 9)).toBeNull();
  });
});

describe('buildDimensionOption', () => {
  const dimension = (
    metric: DashboardDimensionDto['metric'],
    dim: DashboardDimensionDto['dimension'],
  ): DashboardDimensionDto => ({
    metric,
    dimension: dim,
    rows: [
      { dim: 'chem', label: { zh: '化工', en: 'Chemicals' }, value: 12 },
      { dim: 'tex', label: { zh: '纺织', en: 'Textiles' }, value: 40 },
      { dim: 'none', label: { zh: '其他', en: 'Other' }, value: null },
    ],
  });
  it('draws a ring of counts by industry, largest first, without empty slices', () => {
    const option = loose(
      buildDimensionOption({
        dimension: dimension('enterprises_resumed', 'industry'),
        style: { lang: 'en' },
      }),
    );
    expect(option.series[0]?.type).toBe('pie');
    expect((option.series[0] as { data: { name: string }[] }).data.map((d) => d.name)).toEqual([
      'Textiles',
      'Chemicals',
    ]);
  });
  it('draws rates and departments as bars', () => {
    const rates = loose(
      buildDimensionOption({ dimension: dimension('resumption_rate', 'industry'), style: { lang: 'zh' } }),
    );
    expect(rates.series[0]?.type).toBe('bar');
    const departments = loose(
      buildDimensionOption({
        dimension: dimension('problems_resolved', 'department'),
        style: { lang: 'zh' },
      }),
    );
    expect((departments.yAxis as { data: string[] }).data).toEqual(['纺织', '化工']);
  });
});

describe('buildGaugeOption', () => {
  it('shows the value on a 0–100 dial', () => {
    const option = loose(buildGaugeOption({ value: 92.4, metric: 'resumption_rate', style: { lang: 'zh' } }));
    expect(option.series[0]).toMatchObject({
      type: 'gauge',
      min: 0,
      max: 100,
      data: [{ value: 92.4, name: '规上企业复工率' }],
    });
  });
});
