import { describe, expect, it } from 'vitest';
import { renderBriefingPdf } from './briefing.pdf.ts';
import type { BriefingDocument } from './briefing.rules.ts';
import { readPdf } from './briefing.testing.ts';

const doc = (rows: number): BriefingDocument => ({
  lang: 'zh',
  title: '平湖市疫情防控和复工复产每日简报 2020-02-18',
  subtitle: ['区域：平湖市', '变化为较前一日（2020-02-17）'],
  tables: [
    {
      heading: '关键指标',
      columns: ['指标', '当日', '较前一日'],
      widths: [0.5, 0.25, 0.25],
      rows: [
        ['规上企业复工率', '93.2%', '+1.4 个百分点'],
        ['出口退税金额', '7,305.00 万元', '+228.00 万元'],
        ['水洧埭社区 发热预警', '3', '−2'],
        ...Array.from({ length: rows }, (_, i) => [`网格 ${i + 1}`, String(i), '持平']),
      ],
      empty: '暂无数据',
    },
    {
      heading: '目标进度',
      columns: ['目标', '进度'],
      widths: [0.7, 0.3],
      rows: [],
      empty: '暂无进行中的目标',
    },
  ],
  generatedAt: '生成时间 2020-02-19 08:00',
});

describe('renderBriefingPdf', () => {
  it('writes an A4 PDF with the Chinese text in an embedded Noto Sans SC subset', async () => {
    const started = Date.now();
    const pdf = await renderBriefingPdf(doc(0));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const facts = readPdf(pdf);
    expect(facts.pages).toBe(1);
    expect(facts.fonts.length).toBeGreaterThan(0);
    expect(facts.fonts.every((f) => /^[A-Z]{6}\+NotoSansSC/.test(f))).toBe(true);
    for (const text of [
      '平湖市疫情防控和复工复产每日简报 2020-02-18',
      '区域：平湖市',
      '规上企业复工率',
      '93.2%',
      '+1.4 个百分点',
      '7,305.00 万元',
      '水洧埭社区 发热预警',
      '暂无进行中的目标',
      '生成时间 2020-02-19 08:00',
      '第 1 / 1 页',
    ])
      expect(facts.text).toContain(text);
    // Only the glyphs used are embedded: a few kB, not the 2.5 MB font.
    expect(pdf.length).toBeLessThan(200_000);
    expect(pdf.subarray(0, 4)).toEqual(Buffer.from('%PDF'));
    expect(/\/MediaBox \[0 0 595\.28 841\.89\]/.test(pdf.toString('latin1'))).toBe(true);
  });

  it('breaks long tables over pages and numbers every page', async () => {
    const facts = readPdf(await renderBriefingPdf(doc(80)));
    expect(facts.pages).toBeGreaterThanOrEqual(2);
    expect(facts.text).toContain(`第 1 / ${facts.pages} 页`);
    expect(facts.text).toContain(`第 ${facts.pages} / ${facts.pages} 页`);
    expect(facts.text).toContain('网格 80');
  });

  it('writes English when asked', async () => {
    const facts = readPdf(
      await renderBriefingPdf({
        ...doc(0),
        lang: 'en',
        title: 'Pinghu daily briefing, 2020-02-18',
        generatedAt: 'Generated 2020-02-19 08:00',
      }),
    );
    expect(facts.text).toContain('Pinghu daily briefing, 2020-02-18');
    expect(facts.text).toContain('Page 1 of 1');
  });
});
