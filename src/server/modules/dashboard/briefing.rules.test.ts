import { describe, expect, it } from 'vitest';
import {
  BRIEFING_METRICS,
  briefingDocument,
  formatChange,
  formatFigure,
  laggards,
  previousDay,
  shanghaiTime,
  type BriefingFigures,
} from './briefing.rules.ts';

describe('formatFigure', () => {
  it('writes rates, counts, money and hours as a leader reads them', () => {
    expect(formatFigure(93.24, 'percent', 'zh')).toBe('93.2%');
    expect(formatFigure(1560, 'count', 'zh')).toBe('1,560');
    expect(formatFigure(73_050_000, 'cny', 'zh')).toBe('7,305.00 万元');
    expect(formatFigure(9_800, 'cny', 'zh')).toBe('9,800 元');
    expect(formatFigure(73_050_000, 'cny', 'en')).toBe('CNY 73.05 M');
    expect(formatFigure(21.44, 'hours', 'zh')).toBe('21.4 小时');
    expect(formatFigure(21.44, 'hours', 'en')).toBe('21.4 h');
    expect(formatFigure(null, 'percent', 'zh')).toBe('—');
  });
});

describe('formatChange', () => {
  it('gives rates in percentage points and other figures as a signed difference', () => {
    expect(formatChange(70, 65, 'percent', 'zh')).toBe('+5.0 个百分点');
    expect(formatChange(65, 70, 'percent', 'en')).toBe('−5.0 pp');
    expect(formatChange(120, 100, 'count', 'zh')).toBe('+20');
    expect(formatChange(2_280_000, 0, 'cny', 'zh')).toBe('+228.00 万元');
    expect(formatChange(2_280_000, 0, 'cny', 'en')).toBe('+CNY 2.28 M');
  });

  it('says unchanged, and nothing when a day has no figure', () => {
    expect(formatChange(5, 5, 'count', 'zh')).toBe('持平');
    expect(formatChange(5, 5, 'count', 'en')).toBe('unchanged');
    expect(formatChange(5, null, 'count', 'zh')).toBe('—');
    expect(formatChange(null, 5, 'count', 'zh')).toBe('—');
  });
});

describe('laggards', () => {
  it('lists the lowest five with a figure, lowest first', () => {
    const rows = [90, null, 40, 75, 60, 99, 10, 80].map((value, i) => ({
      name: `区域${i}`,
      value,
      numerator: null,
      denominator: null,
    }));
    expect(laggards(rows).map((r) => r.value)).toEqual([10, 40, 60, 75, 80]);
    expect(laggards([])).toEqual([]);
  });
});

describe('days and times', () => {
  it('steps back a calendar day and writes Beijing time', () => {
    expect(previousDay('2020-03-01')).toBe('2020-02-29');
    expect(shanghaiTime(new Date('2020-02-18T16:30:00Z'))).toBe('2020-02-19 00:30');
  });
});

describe('briefingDocument', () => {
  const figures: BriefingFigures = {
    cityName: '平湖市',
    area: { name: '当湖街道', level: 'town' },
    day: '2020-02-18',
    generatedAt: new Date('2020-02-19T00:30:00Z'),
    metrics: BRIEFING_METRICS.map((key) => ({ key, value: 1, previous: 1 })),
    children: [
      { metric: 'resumption_rate', rows: [{ name: '水洧埭社区', value: 50, numerator: 5, denominator: 10 }] },
      { metric: 'screening_coverage', rows: [] },
    ],
    targets: null,
    structure: {
      towns: 0,
      communities: 10,
      grids: 42,
      aboveScaleEnterprises: 120,
      keyEnterprisePlans: 3,
      cadres: 80,
      guidanceGroups: 3,
      markets: 0,
      supermarkets: 5,
      problemsSolved: 300,
    },
  };

  it('titles the briefing for the city and day, and names the area', () => {
    const doc = briefingDocument(figures, 'zh');
    expect(doc.title).toBe('平湖市疫情防控和复工复产每日简报 2020-02-18');
    expect(doc.subtitle[0]).toContain('区域：当湖街道（镇/街道）');
    expect(doc.generatedAt).toBe('生成时间：2020-02-19 08:30（北京时间）');
  });

  it('prints every key figure, the laggards, and the structure two facts a row; targets only when there are any', () => {
    const doc = briefingDocument(figures, 'zh');
    expect(doc.tables.map((t) => t.heading)).toEqual([
      '一、关键指标',
      '二、规上企业复工率后 5 位',
      '三、排摸覆盖率后 5 位',
      '四、基本情况',
    ]);
    expect(doc.tables[0]?.rows).toHaveLength(BRIEFING_METRICS.length);
    expect(doc.tables[1]?.rows).toEqual([['水洧埭社区', '50.0%', '5 / 10']]);
    expect(doc.tables[2]?.empty).toBe('本区域没有下级区域');
    expect(doc.tables[3]?.rows).toHaveLength(5);
    const withTargets = briefingDocument(
      {
        ...figures,
        targets: [
          {
            title: '复工率 100%',
            metric: 'resumption_rate',
            dueDay: '2020-02-29',
            targetValue: 100,
            actual: 92.5,
            progress: 0.925,
            status: 'lagging',
          },
        ],
      },
      'en',
    );
    expect(withTargets.tables.map((t) => t.heading).slice(3)).toEqual(['4. Targets', '5. Structure']);
    expect(withTargets.tables[3]?.rows).toEqual([
      ['复工率 100%', '2020-02-29', '100.0%', '92.5%', '93%', 'lagging'],
    ]);
  });
});
