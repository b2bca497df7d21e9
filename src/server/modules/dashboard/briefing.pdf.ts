// Lays the daily briefing out as an A4 PDF (pdfkit). The font is Noto Sans SC from the
// @fontsource/noto-sans-sc package — its "chinese-simplified" WOFF files hold ~8,000 characters, the
// Latin ones included — so the briefing prints Chinese on any machine after `npm install`, without
// system fonts or a download. pdfkit embeds only the glyphs used (a few kB per document).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { BriefingDocument, BriefingTable } from './briefing.rules.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
  bold: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff',
} as const;

/**
 * WOFF 1.0 → the sfnt (TrueType) it wraps. fontkit reads WOFF itself, but inflates a table again on
 * every glyph lookup, which made one page take 12 s; unwrapped once, a briefing takes ~0.2 s.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + 20 * i;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compressed);
    tables.push({
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      data: compressed < original ? inflateSync(raw) : raw,
    });
  }
  const headerSize = 12 + 16 * numTables;
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(headerSize + tables.reduce((s, t) => s + padded(t.data.length), 0));
  let power = 1;
  let log = 0;
  while (power * 2 <= numTables) [power, log] = [power * 2, log + 1];
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let at = headerSize;
  tables.forEach((t, i) => {
    const entry = 12 + 16 * i;
    out.writeUInt32BE(t.tag, entry);
    out.writeUInt32BE(t.checksum, entry + 4);
    out.writeUInt32BE(at, entry + 8);
    out.writeUInt32BE(t.data.length, entry + 12);
    t.data.copy(out, at);
    at += padded(t.data.length);
  });
  return out;
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** The two weights, unwrapped once per process (2.5 MB each). */
function briefingFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: woffToSfnt(readFileSync(require.resolve(FONT_FILES.regular))),
    bold: woffToSfnt(readFileSync(require.resolve(FONT_FILES.bold))),
  };
  return fonts;
}

const MARGIN = 50;
const ROW_HEIGHT = 15.5;
const GREY = '#555555';
const RULE = '#cccccc';
const HEADER_FILL = '#eef2f7';

/** Renders the briefing; resolves with the PDF's bytes. */
export async function renderBriefingPdf(doc: BriefingDocument): Promise<Buffer> {
  const { regular, bold } = briefingFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, Author: 'Gridline', Subject: doc.subtitle.join(' · ') },
    lang: doc.lang === 'zh' ? 'zh-CN' : 'en-US',
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', regular);
  pdf.registerFont('bold', bold);
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;

  pdf.font('bold').fontSize(17).fillColor('black').text(doc.title, MARGIN, MARGIN, { width });
  pdf.moveDown(0.3);
  pdf.font('regular').fontSize(10).fillColor(GREY);
  for (const line of doc.subtitle) pdf.text(line, { width });
  let y = pdf.y + 8;

  const ensure = (height: number) => {
    if (y + height <= bottom()) return;
    pdf.addPage();
    y = MARGIN;
  };

  const row = (table: BriefingTable, cells: readonly string[], header: boolean) => {
    ensure(ROW_HEIGHT);
    if (header) pdf.rect(MARGIN, y, width, ROW_HEIGHT).fill(HEADER_FILL);
    pdf
      .font(header ? 'bold' : 'regular')
      .fontSize(9)
      .fillColor(header ? '#222222' : 'black');
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = (table.widths[i] ?? 0) * width;
      const left = i === 0 || (table.leftAligned ?? []).includes(i);
      pdf.text(cell, x + 4, y + 3.5, {
        width: w - 8,
        align: left ? 'left' : 'right',
        lineBreak: false,
        // One line per cell: a long text ends in an ellipsis rather than running into the next row.
        height: ROW_HEIGHT - 4,
        ellipsis: true,
      });
      x += w;
    });
    y += ROW_HEIGHT;
    pdf
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  };

  for (const table of doc.tables) {
    // A table stays on one page when it fits on one; a long one starts with at least two rows.
    const whole = 30 + ROW_HEIGHT * (Math.max(table.rows.length, 1) + 1);
    ensure(whole <= bottom() - MARGIN ? whole : 30 + ROW_HEIGHT * 3);
    y += 10;
    pdf.font('bold').fontSize(12).fillColor('black').text(table.heading, MARGIN, y, { width });
    y += 19;
    row(table, table.columns, true);
    if (table.rows.length === 0) {
      ensure(ROW_HEIGHT);
      pdf
        .font('regular')
        .fontSize(9)
        .fillColor(GREY)
        .text(table.empty, MARGIN + 4, y + 4, { width: width - 8 });
      y += ROW_HEIGHT;
    }
    for (const cells of table.rows) row(table, cells, false);
  }

  // Footers once the page count is known; the bottom margin is lifted so the footer does not
  // start a new page.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const page = i - range.start + 1;
    const pageText = doc.lang === 'zh' ? `第 ${page} / ${range.count} 页` : `Page ${page} of ${range.count}`;
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const footerY = pdf.page.height - MARGIN;
    pdf.font('regular').fontSize(8.5).fillColor(GREY);
    pdf.text(doc.generatedAt, MARGIN, footerY, { width: width / 2, lineBreak: false });
    pdf.text(pageText, MARGIN + width / 2, footerY, { width: width / 2, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = saved;
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}
