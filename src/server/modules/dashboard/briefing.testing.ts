// Reads a pdfkit PDF back for tests: the text it shows (through each font's ToUnicode map), its page
// count and its embedded fonts. Enough for what pdfkit writes; not a general PDF parser.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const body = m[2] ?? '';
    const start = body.indexOf('stream');
    if (start < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, start);
    let data = body.slice(start + 'stream'.length).replace(/^\r?\n/, '');
    data = data.slice(0, data.lastIndexOf('endstream')).replace(/\r?\n$/, '');
    const raw = Buffer.from(data, 'latin1');
    out.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  return out;
}

/** code → text from a ToUnicode CMap (bfchar and bfrange, both forms). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (value: string) => {
    let h = value;
    // pdfkit writes a ligature's characters space-separated: <0066 0069>.
    h = h.replace(/\s+/g, '');
    let s = '';
    for (let i = 0; i < h.length; i += 4) s += String.fromCharCode(Number.parseInt(h.slice(i, i + 4), 16));
    return s;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, value] of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(Number.parseInt(code ?? '', 16), hex(value ?? ''));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const ranges = (block[1] ?? '').matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
    );
    for (const [, lo, hi, target] of ranges) {
      const first = Number.parseInt(lo ?? '', 16);
      const last = Number.parseInt(hi ?? '', 16);
      if (target?.startsWith('[')) {
        const values = [...target.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((v) => hex(v[1] ?? ''));
        values.forEach((v, i) => map.set(first + i, v));
      } else {
        const base = hex((target ?? '').slice(1, -1));
        for (let c = first; c <= last; c++)
          map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + c - first));
      }
    }
  }
  return map;
}

export interface PdfFacts {
  /** Each text-showing operation's text, one per line, in drawing order. */
  text: string;
  pages: number;
  /** BaseFont names of the embedded fonts (subset prefix included). */
  fonts: string[];
}

export function readPdf(pdf: Buffer): PdfFacts {
  const objs = objects(pdf);
  const maps = new Map<string, Map<number, string>>();
  const fonts: string[] = [];
  for (const obj of objs.values()) {
    const name = /\/FontName\s*\/([^\s/>]+)/.exec(obj.dict)?.[1];
    if (name && /\/FontFile[23]?\s+\d+ 0 R/.test(obj.dict)) fonts.push(name);
  }
  // Resource names (/F1 …) to the font objects' ToUnicode maps.
  for (const obj of objs.values()) {
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(obj.dict)?.[1];
    if (!fontDict) continue;
    for (const [, name, ref] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(ref));
      const cmapRef = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict)?.[1];
      const cmap = cmapRef ? objs.get(Number(cmapRef))?.stream : null;
      if (name && cmap) maps.set(name, toUnicode(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const obj of objs.values()) {
    if (!obj.stream || obj.dict.includes('/Length1') || !/\bTJ|\bTj/.test(obj.stream.toString('latin1')))
      continue;
    let font: Map<number, string> | undefined;
    const ops = obj.stream
      .toString('latin1')
      .matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g);
    for (const [, fontName, array, single] of ops) {
      if (fontName) {
        font = maps.get(fontName);
        continue;
      }
      const hexes =
        array !== undefined
          ? [...array.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '')
          : [single ?? ''];
      let line = '';
      for (const h of hexes)
        for (let i = 0; i < h.length; i += 4)
          line += font?.get(Number.parseInt(h.slice(i, i + 4), 16)) ?? '\uFFFD';
      lines.push(line);
    }
  }
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page(?!s)/.test(o.dict)).length;
  return { text: lines.join('\n'), pages, fonts };
}
