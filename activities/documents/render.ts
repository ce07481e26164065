/**
 * Renders an OfficialDocument to .docx (library `docx` 9). Pure: no I/O but the returned bytes.
 *
 * Presentation rules followed:
 *
 * State bodies (style "state"): Decree 30/2020/NĐ-CP, Appendix I (thể thức, kỹ thuật trình bày văn bản
 * hành chính):
 * - A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm (the decree allows 20–25, 30–35,
 *   15–20); Times New Roman (Unicode, TCVN 6909:2001) for every run; page numbers centred in the top
 *   margin, 14 pt, not shown on the first page (I.7).
 * - Header block as a borderless two-column table. Left: the parent body in capitals, regular, 13 pt;
 *   the issuing body in capitals, bold, 13 pt, with a short rule (about a third of the column) under it;
 *   then "Số: <number>/<kind>-<issuer code>", 13 pt, the number left blank (spaces) for the clerk.
 *   Right: the national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold capitals, 12 pt; the motto
 *   "Độc lập - Tự do - Hạnh phúc" bold, 13 pt, with a rule under it as long as the motto; then the
 *   place and date line in italics, 14 pt: days below 10 and months 1 and 2 with a leading 0
 *   ("ngày 05 tháng 02 năm 2022", "ngày 17 tháng 8 năm 2022").
 * - Kind of document (title) in bold capitals, 14 pt, centred; the summary (trích yếu) bold, 14 pt,
 *   centred, with a short rule under it.
 * - Body 14 pt, justified, first-line indent 1.27 cm, 6 pt after each paragraph, line spacing 1.15.
 *   Tables with single borders, 12 pt, header row bold and repeated on each page.
 * - Signature block on the right: the capacity ("TM. …") and the signer's title in bold capitals,
 *   14 pt, room for the signature and seal, the name in bold, 14 pt. "Nơi nhận:" on the left in bold
 *   italics, 12 pt; the recipients 11 pt, one a line, "- …;" and the last ending with ".".
 *
 * Party bodies (style "party"): Hướng dẫn 36-HD/VPTW (3 April 2018) of the Party Central Office,
 * with its Appendix 3 table of sizes:
 * - Same page, margins and font as above.
 * - Header left: the parent Party body in capitals, regular, 14 pt; the issuing body in bold capitals,
 *   14 pt; a "*" under it; then "Số <number>-<kind>/<issuer code>", 14 pt (no colon, as "Số 127-QĐ/TW").
 *   Header right: "ĐẢNG CỘNG SẢN VIỆT NAM" in bold capitals, 15 pt, with a rule as long as it under it;
 *   the place and date line in italics, 14 pt, written as above.
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
  convertMillimetersToTwip,
  Document,
  Header,
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
import { initials, xmlText } from './text';
import type { Block, OfficialDocument } from './model';

export const FONT = 'Times New Roman';

const PAGE = { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) };
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15 };
/** Width of the text area in twips (165 mm). */
const TEXT_WIDTH = convertMillimetersToTwip(210 - MARGIN.left - MARGIN.right);
const FIRST_LINE_INDENT = convertMillimetersToTwip(12.7);

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

function run(text: string, s: RunStyle): TextRun {
  return new TextRun({
    text: xmlText(text),
    font: FONT,
    size: s.size,
    bold: s.bold,
    italics: s.italics,
    underline: s.underline ? {} : undefined,
  });
}

function centred(text: string, s: RunStyle, extra: { after?: number; before?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: extra.before ?? 0, after: extra.after ?? 0 },
    children: [run(text, s)],
  });
}

/** Roughly how wide a line of text is, in twips: enough to size a rule "as long as the text". */
function textWidth(text: string, halfPoints: number, bold: boolean): number {
  const caps = text === text.toUpperCase();
  const em = caps ? (bold ? 0.66 : 0.62) : bold ? 0.5 : 0.46;
  return Math.round(text.length * (halfPoints / 2) * 20 * em);
}

/** An empty paragraph whose bottom border is a centred rule `ruleWidth` twips long in a column `columnWidth` wide. */
function rule(columnWidth: number, ruleWidth: number): Paragraph {
  const side = Math.max(0, Math.round((columnWidth - ruleWidth) / 2));
  return new Paragraph({
    spacing: { before: 0, after: 120 },
    indent: { left: side, right: side },
    border: { bottom: RULE },
    children: [run('', { size: 4 })],
  });
}

/** A centred line with a rule right under it, as long as the line: motto, Party title line. */
function ruled(text: string, s: RunStyle, columnWidth: number): Paragraph[] {
  // The rule is a paragraph of its own under the text: an indent on the text's own paragraph would
  // narrow the line and wrap it wherever the font runs wider than the estimate.
  const width = Math.min(columnWidth, textWidth(text, s.size, !!s.bold));
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 }, children: [run(text, s)] }),
    rule(columnWidth, width),
  ];
}

function cell(children: Paragraph[], width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: children.length > 0 ? children : [new Paragraph({})],
  });
}

function borderless(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const l = Math.round(TEXT_WIDTH * leftShare);
  const r = TEXT_WIDTH - l;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [l, r],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [cell(left, l), cell(right, r)] })],
  });
}

/** The number line: "Số:      /BC-VPGV" (state), "Số      -BC/VPGV" (party), "No.:      /BC-VPGV" (en). */
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

function headerBlock(doc: OfficialDocument): Table {
  const z = SIZES[doc.style];
  const en = doc.locale === 'en';
  const leftShare = doc.style === 'party' ? 0.45 : 0.4;
  const leftWidth = Math.round(TEXT_WIDTH * leftShare);
  const rightWidth = TEXT_WIDTH - leftWidth;
  const left: Paragraph[] = [];
  if (doc.issuer.parent) left.push(centred(doc.issuer.parent.toUpperCase(), { size: z.parent }));
  left.push(centred(doc.issuer.name.toUpperCase(), { size: z.issuer, bold: true }));
  if (doc.style === 'party') left.push(centred('*', { size: z.issuer }));
  else left.push(rule(leftWidth, Math.round(leftWidth / 3)));
  left.push(centred(numberLine(doc), { size: z.number }));

  const right: Paragraph[] = [];
  if (doc.style === 'party') {
    right.push(
      ...ruled(
        en ? 'COMMUNIST PARTY OF VIET NAM' : 'ĐẢNG CỘNG SẢN VIỆT NAM',
        { size: z.national, bold: true },
        rightWidth,
      ),
    );
  } else {
    right.push(
      centred(en ? 'SOCIALIST REPUBLIC OF VIET NAM' : 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
        size: z.national,
        bold: true,
      }),
    );
    right.push(
      ...ruled(
        en ? 'Independence – Freedom – Happiness' : 'Độc lập - Tự do - Hạnh phúc',
        { size: z.motto, bold: true },
        rightWidth,
      ),
    );
  }
  right.push(centred(dateLine(doc), { size: z.date, italics: true }, { before: 60 }));
  return borderless(left, right, leftShare);
}

function titleBlock(doc: OfficialDocument): Paragraph[] {
  const z = SIZES[doc.style];
  const out = [centred(doc.title.toUpperCase(), { size: z.title, bold: true }, { before: 360 })];
  if (doc.subtitle)
    for (const line of doc.subtitle.split('\n')) out.push(centred(line, { size: z.subtitle, bold: true }));
  if (doc.style === 'state') out.push(rule(TEXT_WIDTH, Math.round(TEXT_WIDTH / 4)));
  else out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  return out;
}

function bodyParagraph(text: string, size: number, opts: { bold?: boolean; italics?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: 0, after: 120, line: 276 },
    children: [run(text, { size, ...opts })],
  });
}

function tableBlock(b: Extract<Block, { kind: 'table' }>, size: number): Table {
  const weights = b.widths && b.widths.length === b.columns.length ? b.widths : b.columns.map(() => 1);
  const total = weights.reduce((a, w) => a + w, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  widths[widths.length - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, w) => a + w, 0);
  const para = (text: string, bold: boolean, center: boolean) =>
    text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { before: 40, after: 40 },
          children: [run(line, { size, bold })],
        }),
    );
  const header = new TableRow({
    tableHeader: true,
    children: b.columns.map(
      (c, i) =>
        new TableCell({
          width: { size: widths[i]!, type: WidthType.DXA },
          verticalAlign: VerticalAlignTable.CENTER,
          children: para(c, true, true),
        }),
    ),
  });
  const rows = b.rows.map(
    (r) =>
      new TableRow({
        cantSplit: false,
        children: b.columns.map(
          (_, i) =>
            new TableCell({
              width: { size: widths[i]!, type: WidthType.DXA },
              children: para(r[i] ?? '', false, i === 0 && b.columns.length > 2),
            }),
        ),
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

function bodyBlocks(doc: OfficialDocument): (Paragraph | Table)[] {
  const z = SIZES[doc.style];
  const out: (Paragraph | Table)[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'heading')
      out.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: FIRST_LINE_INDENT },
          spacing: { before: 120, after: 120, line: 276 },
          keepNext: true,
          children: [run(b.text, { size: z.body, bold: true })],
        }),
      );
    else if (b.kind === 'paragraph')
      for (const line of b.text.split('\n')) out.push(bodyParagraph(line, z.body, { bold: b.bold, italics: b.italic }));
    else {
      out.push(tableBlock(b, z.table));
      out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
    }
  }
  return out;
}

/** The last part: "Nơi nhận:" on the left, the signature on the right. */
function closingBlock(doc: OfficialDocument): Table {
  const z = SIZES[doc.style];
  const en = doc.locale === 'en';
  const left: Paragraph[] = [];
  const recipients = doc.recipients ?? [];
  if (recipients.length > 0) {
    const label = en ? 'Recipients:' : 'Nơi nhận:';
    left.push(
      new Paragraph({
        spacing: { before: 0, after: 0 },
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
          children: [run(`- ${r}${i === recipients.length - 1 ? '.' : ';'}`, { size: z.recipients })],
        }),
      ),
    );
  }
  const right: Paragraph[] = [];
  const s = doc.signature;
  if (s.capacity) right.push(centred(s.capacity.toUpperCase(), { size: z.signature, bold: true }));
  if (s.title) right.push(centred(s.title.toUpperCase(), { size: z.signature, bold: true }));
  for (let i = 0; i < 4; i++) right.push(new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }));
  if (s.name) right.push(centred(s.name, { size: z.signature, bold: true }));
  return borderless(left, right, 0.45);
}

/** The .docx of an official document, laid out by the rules of its style (see the top of this file). */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const z = SIZES[doc.style];
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: z.pageNumber })],
      }),
    ],
  });
  const document = new Document({
    creator: doc.issuer.name,
    title: doc.title,
    description: doc.subtitle,
    styles: { default: { document: { run: { font: FONT, size: z.body } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: {
              top: convertMillimetersToTwip(MARGIN.top),
              bottom: convertMillimetersToTwip(MARGIN.bottom),
              left: convertMillimetersToTwip(MARGIN.left),
              right: convertMillimetersToTwip(MARGIN.right),
              header: convertMillimetersToTwip(10),
              footer: convertMillimetersToTwip(10),
            },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        children: [headerBlock(doc), ...titleBlock(doc), ...bodyBlocks(doc), closingBlock(doc)],
      },
    ],
  });
  return Packer.toBuffer(document);
}
