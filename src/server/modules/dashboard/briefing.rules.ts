// The daily briefing's words and numbers: which figures it prints, how each is written in Chinese and
// English, and which child areas lag. Pure; the service reads the figures, the PDF builder lays out
// the document these functions describe.
import type { DashboardSummaryDto, MetricKey, MetricUnit, TargetDto } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { addDays } from './dashboard.rules.ts';

export type BriefingLang = 'zh' | 'en';

/** The key figures, in the order printed (economy, problems, refunds, health). */
export const BRIEFING_METRICS: readonly MetricKey[] = [
  'resumption_rate',
  'enterprises_resumed',
  'staff_returned',
  'staff_on_duty',
  'capacity_rate',
  'problems_opened',
  'problems_resolved',
  'problems_overdue',
  'response_rate',
  'on_time_resolution_rate',
  'satisfaction_rate',
  'refunds_paid',
  'refunds_amount',
  'screening_coverage',
  'fever_alerts',
  'checkpoint_passes',
];

/** The child areas listed as laggards, for these metrics, lowest first. */
export const LAGGARD_METRICS: readonly MetricKey[] = ['resumption_rate', 'screening_coverage'];
export const LAGGARD_COUNT = 5;

/** A table of the briefing: a heading, column titles, rows of cells (already written out). */
export interface BriefingTable {
  heading: string;
  columns: string[];
  /** Share of the line width per column (sums to 1). */
  widths: number[];
  /** Columns after the first are right-aligned numbers unless listed here. */
  leftAligned?: number[];
  rows: string[][];
  /** Printed instead of the rows when there are none. */
  empty: string;
}

/** Everything the PDF prints, in the reader's language. */
export interface BriefingDocument {
  lang: BriefingLang;
  title: string;
  /** Lines under the title: the area, the day, what the changes compare with. */
  subtitle: string[];
  tables: BriefingTable[];
  /** Footer: "生成时间 …" / "Generated …", with "第 n / m 页" added per page. */
  generatedAt: string;
}

const group = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A figure as the briefing writes it; '—' when there is none. */
export function formatFigure(value: number | null, unit: MetricUnit, lang: BriefingLang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'percent':
      return `${group(value, 1)}%`;
    case 'cny':
      if (lang === 'zh')
        return Math.abs(value) >= 10_000 ? `${group(value / 10_000, 2)} 万元` : `${group(value)} 元`;
      return Math.abs(value) >= 1_000_000 ? `CNY ${group(value / 1_000_000, 2)} M` : `CNY ${group(value)}`;
    case 'hours':
      return lang === 'zh' ? `${group(value, 1)} 小时` : `${group(value, 1)} h`;
    default:
      return group(value);
  }
}

/**
 * The change from the previous day: percentage points for rates, the difference otherwise, signed;
 * '—' when either day has no figure, '0' / '持平' when unchanged.
 */
export function formatChange(
  value: number | null,
  previous: number | null,
  unit: MetricUnit,
  lang: BriefingLang,
): string {
  if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous))
    return '—';
  const diff = value - previous;
  const digits = unit === 'percent' || unit === 'hours' ? 1 : unit === 'cny' ? 2 : 0;
  const scaled = unit === 'cny' ? diff / (lang === 'zh' ? 10_000 : 1_000_000) : diff;
  if (Number(scaled.toFixed(digits)) === 0) return lang === 'zh' ? '持平' : 'unchanged';
  const sign = scaled > 0 ? '+' : '−';
  const body = group(Math.abs(scaled), digits);
  switch (unit) {
    case 'percent':
      return lang === 'zh' ? `${sign}${body} 个百分点` : `${sign}${body} pp`;
    case 'cny':
      return lang === 'zh' ? `${sign}${body} 万元` : `${sign}CNY ${body} M`;
    case 'hours':
      return lang === 'zh' ? `${sign}${body} 小时` : `${sign}${body} h`;
    default:
      return `${sign}${body}`;
  }
}

export interface ChildReading {
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** The `count` children with the lowest value (those without a figure are not ranked), lowest first. */
export function laggards(children: readonly ChildReading[], count = LAGGARD_COUNT): ChildReading[] {
  return children
    .filter((c): c is ChildReading & { value: number } => c.value !== null && Number.isFinite(c.value))
    .sort((a, b) => a.value - b.value || a.name.localeCompare(b.name, 'zh'))
    .slice(0, count);
}

/** The previous calendar day of a YYYY-MM-DD day. */
export const previousDay = (day: string): string => addDays(day, -1);

export function briefingTitle(cityName: string, day: string, lang: BriefingLang): string {
  return lang === 'zh'
    ? `${cityName}疫情防控和复工复产每日简报 ${day}`
    : `${cityName} daily briefing: epidemic control and economic recovery, ${day}`;
}

/** Asia/Shanghai wall time, as the command office reads it: 2020-02-18 09:30. */
export function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

// ── the document ─────────────────────────────────────────────────────────────

/** The facts of the structure, as the dashboard summary carries them. */
export type StructureFigures = DashboardSummaryDto['structure'];

/** What the service reads for one area and day; the document is written from it alone. */
export interface BriefingFigures {
  cityName: string;
  area: { name: string; level: string };
  day: string;
  generatedAt: Date;
  metrics: { key: MetricKey; value: number | null; previous: number | null }[];
  /** Per laggard metric: the children read (all of them; the rules pick the lowest). */
  children: { metric: MetricKey; rows: ChildReading[] }[];
  /** Active targets in the area; null when the targets table has no rows at all. */
  targets:
    | Pick<TargetDto, 'title' | 'metric' | 'dueDay' | 'targetValue' | 'actual' | 'progress' | 'status'>[]
    | null;
  structure: StructureFigures;
}

type Words = Record<BriefingLang, string>;
const w = (zh: string, en: string): Words => ({ zh, en });

const LEVEL_NAMES: Record<string, Words> = {
  town: w('镇/街道', 'town / sub-district'),
  community: w('村/社区', 'community / village'),
  grid: w('网格', 'grid'),
  place: w('场所', 'place'),
};

const STATUS_NAMES: Record<TargetDto['status'], Words> = {
  met: w('已达成', 'met'),
  on_track: w('进度正常', 'on track'),
  lagging: w('滞后', 'lagging'),
  missed: w('未达成', 'missed'),
  no_data: w('暂无数据', 'no data'),
};

const STRUCTURE_ROWS: [keyof StructureFigures, Words][] = [
  ['towns', w('镇（街道）', 'Towns / sub-districts')],
  ['communities', w('村（社区）', 'Communities / villages')],
  ['grids', w('网格', 'Grids')],
  ['aboveScaleEnterprises', w('规上企业', 'Above-scale enterprises')],
  ['keyEnterprisePlans', w('“一企一策”企业', 'One-enterprise-one-policy plans')],
  ['cadres', w('驻企服务干部', 'Cadres serving enterprises')],
  ['guidanceGroups', w('复工指导组', 'Guidance groups')],
  ['markets', w('农贸市场', "Farmers' markets")],
  ['supermarkets', w('超市', 'Supermarkets')],
  ['problemsSolved', w('累计解决企业问题', 'Enterprise problems solved to date')],
];

/** The briefing's document: title, the area and day, the tables, the footer's generated-at line. */
export function briefingDocument(f: BriefingFigures, lang: BriefingLang): BriefingDocument {
  const zh = lang === 'zh';
  const t = (words: Words) => words[lang];
  const previous = previousDay(f.day);
  // The city needs no "(city)" after its name; a town or a grid does.
  const level = f.area.level === 'city' ? undefined : LEVEL_NAMES[f.area.level];
  const tables: BriefingTable[] = [];

  tables.push({
    heading: zh ? '一、关键指标' : '1. Key figures',
    columns: zh ? ['指标', '当日', '较前一日'] : ['Figure', 'On the day', 'Change vs the day before'],
    widths: [0.5, 0.22, 0.28],
    rows: f.metrics.map((m) => {
      const def = METRICS[m.key];
      return [
        t(def.name),
        formatFigure(m.value, def.unit, lang),
        formatChange(m.value, m.previous, def.unit, lang),
      ];
    }),
    empty: zh ? '暂无数据' : 'No figures',
  });

  f.children.forEach((c, i) => {
    const def = METRICS[c.metric];
    const lowest = laggards(c.rows);
    tables.push({
      heading: zh
        ? `${['二', '三', '四'][i] ?? ''}、${def.name.zh}后 ${LAGGARD_COUNT} 位`
        : `${i + 2}. Lowest ${LAGGARD_COUNT}: ${def.name.en.toLowerCase()}`,
      columns: zh ? ['区域', def.name.zh, '分子 / 分母'] : ['Area', 'Value', 'Numerator / denominator'],
      widths: [0.46, 0.24, 0.3],
      rows: lowest.map((r) => [
        r.name,
        formatFigure(r.value, def.unit, lang),
        r.numerator === null || r.denominator === null
          ? '—'
          : `${formatFigure(r.numerator, 'count', lang)} / ${formatFigure(r.denominator, 'count', lang)}`,
      ]),
      empty:
        c.rows.length === 0
          ? zh
            ? '本区域没有下级区域'
            : 'This area has no child areas'
          : zh
            ? '下级区域当日暂无数据'
            : 'No child area has a figure on the day',
    });
  });

  let section = f.children.length + 2;
  const heading = (zhText: string, enText: string) => {
    const zhNumbers = ['一', '二', '三', '四', '五', '六', '七'];
    const text = zh ? `${zhNumbers[section - 1] ?? section}、${zhText}` : `${section}. ${enText}`;
    section++;
    return text;
  };

  if (f.targets !== null) {
    tables.push({
      heading: heading('目标进度', 'Targets'),
      columns: zh
        ? ['目标', '截止日期', '目标值', '当前值', '进度', '状态']
        : ['Target', 'Due', 'Target value', 'Now', 'Progress', 'Status'],
      widths: [0.34, 0.15, 0.13, 0.13, 0.11, 0.14],
      leftAligned: [1, 5],
      rows: f.targets.map((target) => {
        const unit = METRICS[target.metric].unit;
        return [
          target.title,
          target.dueDay,
          formatFigure(target.targetValue, unit, lang),
          formatFigure(target.actual, unit, lang),
          target.progress === null ? '—' : `${group(target.progress * 100, 0)}%`,
          t(STATUS_NAMES[target.status]),
        ];
      }),
      empty: zh ? '本区域暂无进行中的目标' : 'No active targets in this area',
    });
  }

  // Two facts a row: the structure is ten short facts, not worth a page of its own.
  const facts = STRUCTURE_ROWS.map(([key, label]) => [
    t(label),
    formatFigure(f.structure[key], 'count', lang),
  ]);
  const factRows: string[][] = [];
  for (let i = 0; i < facts.length; i += 2)
    factRows.push([...(facts[i] ?? []), ...(facts[i + 1] ?? ['', ''])]);
  tables.push({
    heading: heading('基本情况', 'Structure'),
    columns: zh ? ['项目', '数量', '项目', '数量'] : ['Item', 'Count', 'Item', 'Count'],
    widths: [0.34, 0.16, 0.34, 0.16],
    leftAligned: [2],
    rows: factRows,
    empty: '—',
  });

  return {
    lang,
    title: briefingTitle(f.cityName, f.day, lang),
    subtitle: [
      zh
        ? `区域：${f.area.name}${level ? `（${level.zh}）` : ''}，统计日：${f.day}`
        : `Area: ${f.area.name}${level ? ` (${level.en})` : ''}   Day: ${f.day}`,
      zh
        ? `“较前一日”为与 ${previous} 相比；比率的变化以百分点计。`
        : `Changes compare with ${previous}; changes of rates are in percentage points.`,
    ],
    tables,
    generatedAt: zh
      ? `生成时间：${shanghaiTime(f.generatedAt)}（北京时间）`
      : `Generated ${shanghaiTime(f.generatedAt)} (Beijing time)`,
  };
}
