/**
 * Renders an OfficialDocument to .docx (library `docx` 9). Pure: no I/O but the returned bytes.
 *
 * Presentation rules followed:
 *
 * State bodies (style "state"): Decree 30/2020/NĐ-CP, Appendix I (thể thức, kỹ thuật trình bày văn
 * bản hành chính):
 * - A4 portrait (11906 × 16838 twips); margins top and bottom 20 mm, left 30 mm, right 15 mm (the
 *   decree allows 20–25, 30–35, 15–20); Times New Roman (Unicode, TCVN 6909:2001) for every run,
 *   every run marked vi-VN or en-GB; page numbers centred in the top margin, 14 pt, not shown on the
 *   first page (I.7). The secretariat is the file's author.
 * - Header block as a borderless two-column table. Left: the parent body in capitals, regular, 13 pt;
 *   the issuing body in capitals, bold, 13 pt, with a rule right under it, 40 % of its line (the
 *   decree: 1/3–1/2); then "Số: <number>/<kind>-<issuer code>", 13 pt, the number left blank for the
 *   clerk. Right: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold capitals, 12 pt; the motto "Độc lập -
 *   Tự do - Hạnh phúc" bold, 13 pt, its rule the bottom border of its own paragraph, narrowed to the
 *   motto's measured width (metrics.ts); then the place and date line in italics, 14 pt: days below
 *   10 and months 1 and 2 with a leading 0 ("ngày 05 tháng 02 năm 2022", "ngày 17 tháng 8 năm 2022").
 * - Kind of document (title) in bold capitals, 14 pt, centred; the summary (trích yếu) bold, 14 pt,
 *   centred, with a rule right under it, 40 % of its longest line.
 * - Body 14 pt, justified, first-line indent 1.27 cm, 6 pt after each paragraph, line spacing 1.15.
 *   Tables with single borders, 12 pt, header row bold and repeated on each page, each column at
 *   least as wide as its longest word; group rows (an area's title) span the table.
 * - Closing block in a table row that never splits, its paragraphs kept together and the last body
 *   paragraph kept with it, so that the signature never stands alone and its name shares its page.
 *   Right: the capacity ("TM. …", only for a collective body; the head of an office signs with the
 *   title alone) and the signer's title in bold capitals, 14 pt, room for the signature and seal,
 *   the name in bold, 14 pt. Left: "Nơi nhận:" in bold italics, 12 pt; the recipients 11 pt, one a
 *   line, "- …;" and the last ending with ".".
 *
 * Party bodies (style "party"): Hướng dẫn 36-HD/VPTW (3 April 2018) of the Party Central Office,
 * with its Appendix 3 table of sizes:
 * - Same page, margins and font as above.
 * - Header left: the parent Party body in capitals, regular, 14 pt; the issuing body in bold
 *   capitals, 14 pt; a "*" under it; then "Số <number>-<kind>/<issuer code>", 14 pt (no colon, as
 *   "Số 127-QĐ/TW"). Header right: "ĐẢNG CỘNG SẢN VIỆT NAM" in bold capitals, 15 pt, its rule the
 *   border of its own paragraph, as long as the line (the English "COMMUNIST PARTY OF VIET NAM" set
 *   smaller until it fits on one line); the place and date line in italics, 14 pt, as above.
 * - Title in bold capitals, 16 pt; summary bold, 14 pt; body 14 pt.
 * - Signature: the capacity ("T/M …") and title in bold capitals, 14 pt, the name in bold, 14 pt.
 *   "Nơi nhận:" regular, underlined, 14 pt; the recipients 12 pt. (These two rows of Appendix 3 are
 *   written from the guidance as commonly reproduced; check against the signed original if it matters.)
 *
 * English (locale "en"): the same layout with the header texts in English ("SOCIALIST REPUBLIC OF
 * VIET NAM", "Independence – Freedom – Happiness", "COMMUNIST PARTY OF VIET NAM"), "No.:" and the
 * date as English writes it ("Long An, 17 August 2022").
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
} from 'docx';
import { longDate } from './dates';
import { textTwips } from './metrics';
import { initials, xmlText } from './text';
import type { Block, OfficialDocument } from './model';

export const FONT = 'Times New Roman';

/** A4 exactly as Word writes it (210 × 297 mm), in twips. */
export const PAGE = { width: 11906, height: 16838 };
/** Margins in twips: top and bottom 20 mm, left 30 mm, right 15 mm (the decree: 20–25, 20–25, 30–35, 15–20). */
export const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 };
/** Width of the text area in twips (165 mm). */
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const FIRST_LINE_INDENT = 720;
/** Left and right padding of every table cell, in twips (about 1.4 mm). */
const CELL_PAD = 80;

/** Sizes in half-points, per style. */
const SIZES = {
  state: {
    parent: 26,
    issuer: 26,
    number: 26,
    national: 24,
    motto: 26,
    date: 28,
    title: 28,
    subtitle: 28,
    body: 28,
    table: 24,
    signature: 28,
    recipientsLabel: 24,
    recipients: 22,
    pageNumber: 28,
  },
  party: {
    parent: 28,
    issuer: 28,
    number: 28,
    national: 30,
    motto: 0,
    date: 28,
    title: 32,
    subtitle: 28,
    body: 28,
    table: 24,
    signature: 28,
    recipientsLabel: 28,
    recipients: 24,
    pageNumber: 28,
  },
} as const;

const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

/** The renderer of one document: every run carries the document's language (vi-VN or en-GB). */
function renderer(doc: OfficialDocument) {
  const language = { value: doc.locale === 'en' ? 'en-GB' : 'vi-VN' };
  const z = SIZES[doc.style];

  function run(text: string, s: RunStyle): TextRun {
    return new TextRun({
      text: xmlText(text),
      font: FONT,
      size: s.size,
      bold: s.bold,
      italics: s.italics,
      underline: s.underline ? {} : undefined,
      language,
    });
  }

  /** A centred paragraph; `keep` holds it on the page of the next one (header and closing blocks). */
  function centred(text: string, s: RunStyle, extra: { after?: number; before?: number; keep?: boolean } = {}) {
    return new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: extra.before ?? 0, after: extra.after ?? 0 },
      keepNext: extra.keep,
      keepLines: extra.keep,
      children: [run(text, s)],
    });
  }

  /**
   * A centred line with its rule drawn as the paragraph's own bottom border, as long as the line
   * (the motto, "ĐẢNG CỘNG SẢN VIỆT NAM"): the paragraph is narrowed to the text's measured width.
   */
  function ruledLine(text: string, s: RunStyle, columnWidth: number): Paragraph {
    const inner = columnWidth - 2 * CELL_PAD;
    // A little slack so that rounding never wraps the line; the rule is then a hair longer than the text.
    const width = Math.min(inner, textTwips(text, s.size, s) + 60);
    const side = Math.max(0, Math.floor((inner - width) / 2));
    return new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 60 },
      indent: { left: side, right: side },
      border: { bottom: RULE },
      children: [run(text, s)],
    });
  }

  /**
   * A short centred rule right under the line above (issuer name, summary), where the decree asks
   * for 1/3–1/2 of that line: a paragraph 2 pt high whose bottom border is the rule.
   */
  function shortRule(columnWidth: number, ruleWidth: number, after = 120): Paragraph {
    const side = Math.max(0, Math.round((columnWidth - 2 * CELL_PAD - ruleWidth) / 2));
    return new Paragraph({
      spacing: { before: 0, after, line: 40, lineRule: LineRuleType.EXACT },
      indent: { left: side, right: side },
      border: { bottom: { ...RULE, space: 0 } },
      children: [run('', { size: 2 })],
    });
  }

  /**
   * The largest size (half-points, down to `min`) at which `text` fits on one line of `width`; its
   * own size when even `min` would not make it fit (it then wraps, as a long body name does).
   */
  function fitting(text: string, s: RunStyle, width: number, min = 22): number {
    const fits = (size: number) => textTwips(text, size, s) + 60 <= width - 2 * CELL_PAD;
    let size = s.size;
    while (size > min && !fits(size)) size -= 1;
    return fits(size) ? size : s.size;
  }

  function cell(children: Paragraph[], width: number): TableCell {
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: { left: CELL_PAD, right: CELL_PAD },
      children: children.length > 0 ? children : [new Paragraph({})],
    });
  }

  function borderless(left: Paragraph[], right: Paragraph[], leftWidth: number, cantSplit = false): Table {
    const rightWidth = TEXT_WIDTH - leftWidth;
    return new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [leftWidth, rightWidth],
      layout: TableLayoutType.FIXED,
      borders: TableBorders.NONE,
      rows: [new TableRow({ cantSplit, children: [cell(left, leftWidth), cell(right, rightWidth)] })],
    });
  }

  function headerBlock(): Table {
    const en = doc.locale === 'en';
    const leftWidth = Math.round(TEXT_WIDTH * (doc.style === 'party' ? 0.45 : 0.4));
    const rightWidth = TEXT_WIDTH - leftWidth;
    const left: Paragraph[] = [];
    if (doc.issuer.parent) {
      const parent = doc.issuer.parent.toUpperCase();
      left.push(centred(parent, { size: fitting(parent, { size: z.parent }, leftWidth, 24) }));
    }
    const issuer = doc.issuer.name.toUpperCase();
    left.push(centred(issuer, { size: z.issuer, bold: true }));
    if (doc.style === 'party') left.push(centred('*', { size: z.issuer }, { after: 60 }));
    else {
      // 1/3–1/2 of the issuer's line (its longest line when it wraps), centred under it.
      const line = Math.min(textTwips(issuer, z.issuer, { bold: true }), leftWidth - 2 * CELL_PAD);
      left.push(shortRule(leftWidth, Math.round(line * 0.4)));
    }
    left.push(centred(numberLine(doc), { size: z.number }));

    const right: Paragraph[] = [];
    if (doc.style === 'party') {
      const title = en ? 'COMMUNIST PARTY OF VIET NAM' : 'ĐẢNG CỘNG SẢN VIỆT NAM';
      const s = { size: z.national, bold: true };
      right.push(ruledLine(title, { ...s, size: fitting(title, s, rightWidth) }, rightWidth));
    } else {
      const national = en ? 'SOCIALIST REPUBLIC OF VIET NAM' : 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
      const s = { size: z.national, bold: true };
      right.push(centred(national, { ...s, size: fitting(national, s, rightWidth) }));
      right.push(
        ruledLine(
          en ? 'Independence – Freedom – Happiness' : 'Độc lập - Tự do - Hạnh phúc',
          { size: z.motto, bold: true },
          rightWidth,
        ),
      );
    }
    right.push(centred(dateLine(doc), { size: z.date, italics: true }, { before: 120 }));
    return borderless(left, right, leftWidth);
  }

  function titleBlock(): Paragraph[] {
    const out = [centred(doc.title.toUpperCase(), { size: z.title, bold: true }, { before: 360, keep: true })];
    const lines = doc.subtitle ? doc.subtitle.split('\n') : [];
    for (const line of lines) out.push(centred(line, { size: z.subtitle, bold: true }, { keep: true }));
    if (doc.style === 'state') {
      // The summary's rule: 1/3–1/2 of its line (here 40 % of the longest, at most the text width).
      const longest = Math.max(
        textTwips(doc.title.toUpperCase(), z.title, { bold: true }),
        ...lines.map((l) => textTwips(l, z.subtitle, { bold: true })),
      );
      out.push(shortRule(TEXT_WIDTH, Math.round(Math.min(longest, TEXT_WIDTH) * 0.4), 240));
    } else out.push(new Paragraph({ spacing: { after: 240 }, children: [] }));
    return out;
  }

  function bodyParagraph(text: string, opts: { bold?: boolean; italics?: boolean; keepNext?: boolean } = {}) {
    return new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: FIRST_LINE_INDENT },
      spacing: { before: 0, after: 120, line: 276 },
      keepNext: opts.keepNext,
      children: [run(text, { size: z.body, bold: opts.bold, italics: opts.italics })],
    });
  }

  function tableBlock(b: Extract<Block, { kind: 'table' }>): Table {
    const size = z.table;
    const widths = columnWidths(b, size);
    const para = (text: string, s: { bold?: boolean; italics?: boolean }, align: 'center' | 'left') =>
      text.split('\n').map(
        (line) =>
          new Paragraph({
            alignment: align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
            spacing: { before: 40, after: 40 },
            children: [run(line, { size, ...s })],
          }),
      );
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: b.columns.map(
        (c, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            margins: { left: CELL_PAD, right: CELL_PAD },
            verticalAlign: VerticalAlignTable.CENTER,
            children: para(c, { bold: true }, 'center'),
          }),
      ),
    });
    const rows = b.rows.map((r) =>
      Array.isArray(r)
        ? new TableRow({
            children: b.columns.map(
              (_, i) =>
                new TableCell({
                  width: { size: widths[i]!, type: WidthType.DXA },
                  margins: { left: CELL_PAD, right: CELL_PAD },
                  children: para(r[i] ?? '', {}, i === 0 && b.columns.length > 2 ? 'center' : 'left'),
                }),
            ),
          })
        : new TableRow({
            cantSplit: true,
            children: [
              new TableCell({
                columnSpan: b.columns.length,
                width: { size: TEXT_WIDTH, type: WidthType.DXA },
                margins: { left: CELL_PAD, right: CELL_PAD },
                // A group heading stays with its first row.
                children: [
                  new Paragraph({
                    spacing: { before: 40, after: 40 },
                    keepNext: true,
                    children: [run(r.group, { size, bold: true })],
                  }),
                ],
              }),
            ],
          }),
    );
    const line: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
    return new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
      rows: [header, ...rows],
    });
  }

  function bodyBlocks(): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [];
    const blocks = doc.blocks;
    const last = blocks.length - 1;
    blocks.forEach((b, i) => {
      if (b.kind === 'heading')
        out.push(
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: FIRST_LINE_INDENT },
            spacing: { before: 120, after: 120, line: 276 },
            keepNext: true,
            keepLines: true,
            children: [run(b.text, { size: z.body, bold: true })],
          }),
        );
      else if (b.kind === 'paragraph') {
        const lines = b.text.split('\n');
        // A bold lead-in ("Đảng đoàn HĐND tỉnh:") stays with what it introduces.
        // The last paragraph goes with the closing block, so that the signature never stands alone on a page.
        lines.forEach((line) =>
          out.push(bodyParagraph(line, { bold: b.bold, italics: b.italic, keepNext: b.bold || i === last })),
        );
      } else {
        out.push(tableBlock(b));
        if (i < blocks.length - 1) out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
      }
    });
    return out;
  }

  /** The last part: "Nơi nhận:" on the left, the signature on the right, in one row that never splits. */
  function closingBlock(): Table {
    const en = doc.locale === 'en';
    const left: Paragraph[] = [];
    const recipients = doc.recipients ?? [];
    const keep = { keepNext: true, keepLines: true };
    if (recipients.length > 0) {
      const label = en ? 'Recipients:' : 'Nơi nhận:';
      left.push(
        new Paragraph({
          spacing: { before: 0, after: 0 },
          ...keep,
          children: [
            doc.style === 'party'
              ? run(label, { size: z.recipientsLabel, underline: true })
              : run(label, { size: z.recipientsLabel, bold: true, italics: true }),
          ],
        }),
      );
      recipients.forEach((r, i) =>
        left.push(
          new Paragraph({
            spacing: { before: 0, after: 0 },
            ...keep,
            children: [run(`- ${r}${i === recipients.length - 1 ? '.' : ';'}`, { size: z.recipients })],
          }),
        ),
      );
    }
    const right: Paragraph[] = [];
    const s = doc.signature;
    const sig = { size: z.signature, bold: true };
    if (s.capacity) right.push(centred(s.capacity.toUpperCase(), sig, { keep: true }));
    if (s.title) right.push(centred(s.title.toUpperCase(), sig, { keep: true }));
    // Room for the signature and the seal.
    for (let i = 0; i < 4; i++)
      right.push(new Paragraph({ spacing: { before: 0, after: 120 }, ...keep, children: [] }));
    if (s.name) right.push(centred(s.name, sig, { keep: true }));
    return borderless(left, right, Math.round(TEXT_WIDTH * 0.45), true);
  }

  return { run, headerBlock, titleBlock, bodyBlocks, closingBlock, language };
}

/**
 * Column widths in twips: the relative widths given, then every column widened to hold its longest
 * word (a date, "Tiếp thu", a letter number) on one line, the room taken from the columns that have it.
 */
export function columnWidths(b: Extract<Block, { kind: 'table' }>, size: number): number[] {
  const weights = b.widths && b.widths.length === b.columns.length ? b.widths : b.columns.map(() => 1);
  const total = weights.reduce((a, w) => a + w, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  const longest = (text: string, bold: boolean) =>
    // Split where a line may break: spaces and zero-width spaces, not no-break spaces.
    Math.max(0, ...text.split(/[ \t\n\u200b]+/).map((w) => textTwips(w, size, { bold })));
  const need = b.columns.map((c, i) => {
    let m = longest(c, true);
    for (const r of b.rows) if (Array.isArray(r)) m = Math.max(m, longest(r[i] ?? '', false));
    return m + 2 * CELL_PAD + 40;
  });
  // A column gives room down to its own longest word, and to no less than 3/4 of its share.
  const floor = widths.map((w, i) => Math.max(need[i]!, Math.round(w * 0.75)));
  for (let pass = 0; pass < 4; pass++) {
    const short = widths.map((w, i) => Math.max(0, need[i]! - w));
    const lack = short.reduce((a, x) => a + x, 0);
    if (lack === 0) break;
    const spare = widths.map((w, i) => (short[i]! > 0 ? 0 : Math.max(0, w - floor[i]!)));
    const room = spare.reduce((a, x) => a + x, 0);
    if (room === 0) break;
    const take = Math.min(lack, room);
    for (let i = 0; i < widths.length; i++) {
      if (short[i]! > 0) widths[i] = widths[i]! + Math.floor((short[i]! / lack) * take);
      else widths[i] = widths[i]! - Math.floor((spare[i]! / room) * take);
    }
  }
  widths[widths.length - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, w) => a + w, 0);
  return widths;
}

/** The number line: "Số:      /BC-ĐĐ" (state), "Số      -BC/ĐĐ" (party), "No.:      /BC-ĐĐ" (en). */
export function numberLine(doc: OfficialDocument): string {
  const code = doc.issuer.code ?? initials(doc.issuer.name);
  const number = doc.number ?? '      ';
  const label = doc.locale === 'en' ? 'No.' : 'Số';
  return doc.style === 'party'
    ? `${label} ${number}-${doc.kindCode}/${code}`
    : `${label}: ${number}/${doc.kindCode}-${code}`;
}

/** The place and date line: "Long An, ngày 17 tháng 8 năm 2022" / "Long An, 17 August 2022". */
export function dateLine(doc: OfficialDocument): string {
  const date = longDate(doc.date, doc.locale);
  if (doc.place) return `${doc.place}, ${date}`;
  return date.charAt(0).toUpperCase() + date.slice(1);
}

/** The .docx of an official document, laid out by the rules of its style (see the top of this file). */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const z = SIZES[doc.style];
  const r = renderer(doc);
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: z.pageNumber })],
      }),
    ],
  });
  const author = doc.author ?? doc.issuer.name;
  const document = new Document({
    creator: author,
    lastModifiedBy: author,
    title: doc.subtitle ? `${doc.title} ${doc.subtitle}` : doc.title,
    description: doc.subtitle,
    styles: { default: { document: { run: { font: FONT, size: z.body, language: r.language } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...MARGIN, header: 567, footer: 567 },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        children: [r.headerBlock(), ...r.titleBlock(), ...r.bodyBlocks(), r.closingBlock()],
      },
    ],
  });
  return Packer.toBuffer(document);
}
