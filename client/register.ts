/**
 * The office's register (sổ theo dõi quy chế phối hợp): one row per regulation, read from an
 * .xlsx (exceljs) or .csv (csv-parse) file, turned into adopted definitions and checked exactly
 * as `regulation start` checks a YAML file. Problems are named by row and column, as the clerk
 * sees them in the spreadsheet: row 7, column "Ngày ký": … (README: Importing a register).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { WorkingCalendar } from '../domain/schedule/calendar';
import { checkDefinition, type FieldProblem, type Regulation, type RegulationInput } from '../config/regulation';
import { slug } from '../domain/text';
import { adoptionProblems } from './adoption';

/** The register's columns, as the header row names them (README shows the layout). */
export const COLUMNS = {
  id: 'Mã',
  number: 'Số',
  title: 'Tên quy chế',
  titleEn: 'Tên tiếng Anh',
  signedOn: 'Ngày ký',
  effectiveOn: 'Ngày hiệu lực',
  cycle: 'Chu kỳ sơ kết',
  finalReview: 'Ngày tổng kết',
  areas: 'Lĩnh vực phối hợp',
  reviews: 'Sơ kết đã tổ chức',
  link: 'Đường dẫn',
  secretariat: 'Văn phòng giúp việc',
  secretariatContact: 'Liên hệ văn phòng',
  /** "báo lãnh đạo": the next review is already overdue and the office knows it (overdue: escalate). */
  overdue: 'Khi quá hạn',
} as const;
/** Body columns, numbered from 1: "Cơ quan 1", "Liên hệ 1", "Lãnh đạo 1", … (two bodies at least). */
export const bodyColumns = (i: number) => ({ name: `Cơ quan ${i}`, contact: `Liên hệ ${i}`, leader: `Lãnh đạo ${i}` });

/** One data row: its spreadsheet row number (the header is row 1) and its cells by header, as text. */
export interface RegisterRow {
  row: number;
  cells: Record<string, string>;
}

/** A row checked: the definition it gives (as written to YAML, and validated), or its problems by column. */
export interface CheckedRow {
  row: number;
  /** The lifecycle (workflow) id: from "Mã", or derived from "Số" and the signing year; stable across imports. */
  id?: string;
  input?: RegulationInput;
  regulation?: Regulation;
  problems: { column: string; message: string }[];
}

/** Reads a register file: .xlsx (first worksheet) or .csv (UTF-8, comma or semicolon separated). */
export async function readRegister(file: string): Promise<RegisterRow[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    const text = fs.readFileSync(file, 'utf8');
    const delimiter = (text.split('\n')[0] ?? '').includes(';') ? ';' : ',';
    const records = parseCsv(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as string[][];
    const [header = [], ...rest] = records;
    return rest.map((cells, i) => ({
      row: i + 2,
      cells: Object.fromEntries(header.map((h, c) => [h.trim(), (cells[c] ?? '').trim()])),
    }));
  }
  if (ext !== '.xlsx') throw new Error(`${file}: not a register: give an .xlsx or .csv file`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, c) => (header[c] = cell.text.trim()));
  const rows: RegisterRow[] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    header.forEach((h, c) => {
      if (!h) return;
      const v = r.getCell(c).value;
      // A date cell is a Date at UTC midnight of the day typed: write it back as the clerk reads it.
      cells[h] =
        v instanceof Date
          ? `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`
          : r.getCell(c).text.trim();
    });
    if (Object.values(cells).some((x) => x !== '')) rows.push({ row: n, cells });
  });
  return rows;
}

class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

/** "15/03/2023", "15/3/2023" or "2023-03-15" → "2023-03-15". */
function dayOf(text: string, column: string): string {
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : text;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    throw new CellError(column, `"${text}" is not a date: write it as dd/mm/yyyy, e.g. 15/03/2023`);
  return iso;
}

function required(cells: Record<string, string>, column: string, what: string): string {
  const v = cells[column]?.trim();
  if (!v) throw new CellError(column, `is empty: write ${what}`);
  return v;
}

/** "12 tháng" → "every 12 months"; "1 năm" → "every 12 months"; English forms pass through. */
function cycleOf(text: string): string {
  const months = /^(?:mỗi\s+)?(\d+)\s*tháng$/i.exec(text);
  if (months) return `every ${months[1]} months`;
  const years = /^(?:mỗi\s+)?(\d+)\s*năm$/i.exec(text);
  if (years) return `every ${Number(years[1]) * 12} months`;
  return text;
}

/** "Nguyễn Văn A <a@x.vn>; Trần Thị B <b@y.vn>" → people. */
function peopleOf(text: string, column: string): { name: string; email: string }[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(.*?)\s*<([^>]+)>$/.exec(s);
      if (!m || !m[1])
        throw new CellError(column, `"${s}" is not a person: write "Họ và tên <email>", several separated by ";"`);
      return { name: m[1], email: m[2]!.trim() };
    });
}

const OUTCOMES: Record<string, 'continue' | 'amend' | 'end'> = {
  'tiếp tục': 'continue',
  continue: 'continue',
  'sửa đổi': 'amend',
  amend: 'amend',
  'chấm dứt': 'end',
  'kết thúc': 'end',
  end: 'end',
};

/** "1: 20/03/2024 tiếp tục; 2: 18/03/2025 tiếp tục, ghi chú" → reviews held. */
function reviewsOf(text: string, column: string) {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d+)\s*[:.)-]\s*(\S+)\s*(.*)$/.exec(s);
      if (!m)
        throw new CellError(column, `"${s}" is not a review: write "1: 20/03/2024 tiếp tục", several separated by ";"`);
      const rest = m[3]!.trim();
      const word = Object.keys(OUTCOMES).find((w) => rest.toLowerCase().startsWith(w));
      if (!word)
        throw new CellError(
          column,
          `sơ kết ${m[1]}: "${rest}" does not start with a conclusion: write tiếp tục, sửa đổi or chấm dứt after the date`,
        );
      const notes = rest
        .slice(word.length)
        .replace(/^[\s,.:-]+/, '')
        .trim();
      return { n: Number(m[1]), heldOn: dayOf(m[2]!, column), outcome: OUTCOMES[word]!, ...(notes ? { notes } : {}) };
    });
}

/** A slug for ids: "05/QCPH-SXD-STNMT" → "05-qcph-sxd-stnmt"; "Sở Xây dựng" initials → "sxd". */
export function slugOf(text: string): string {
  return slug(text).slice(0, 60).replace(/-+$/, '');
}

/** A body's id from its name: initials, acronyms kept whole ("Thường trực HĐND tỉnh" → "tthdndt"). */
function initials(name: string): string {
  const code = name
    .split(/[\s,-]+/)
    .filter((w) => w && w.toLowerCase() !== 'và')
    .map((w) => (/^[\p{Lu}\d]{2,}$/u.test(w) ? slugOf(w) : slugOf(w).slice(0, 1)))
    .join('');
  return code.length >= 2 ? code : slugOf(name);
}

/** "báo lãnh đạo" (or "escalate") in "Khi quá hạn"; anything else written there is refused. */
function overdueOf(text: string | undefined): boolean {
  const v = text?.trim().toLowerCase();
  if (!v) return false;
  if (v === 'báo lãnh đạo' || v === 'escalate') return true;
  throw new CellError(COLUMNS.overdue, `"${text}" is not a setting: write "báo lãnh đạo" or leave it empty`);
}

/** The definition a row gives, as the YAML file will hold it (dates as YYYY-MM-DD, periods in words). */
export function rowInput(cells: Record<string, string>): RegulationInput {
  const C = COLUMNS;
  const number = cells[C.number]?.trim();
  const signedOn = dayOf(required(cells, C.signedOn, 'the signing date (dd/mm/yyyy)'), C.signedOn);
  const id =
    cells[C.id]?.trim() ||
    (number ? slugOf(`${number}-${signedOn.slice(0, 4)}`) : `qcph-${slugOf(cells[C.title] ?? '')}`);
  const title = required(cells, C.title, "the regulation's title in Vietnamese");
  const bodies = [];
  for (let i = 1; cells[bodyColumns(i).name]?.trim() || i <= 2; i++) {
    const col = bodyColumns(i);
    const name = required(cells, col.name, `the name of body ${i} (at least two bodies sign)`);
    const leaders = peopleOf(required(cells, col.leader, `the leader of ${name}: "Họ và tên <email>"`), col.leader);
    bodies.push({
      id: initials(name),
      name: { vi: name, en: name },
      contacts: peopleOf(
        required(cells, col.contact, `the contact office of ${name}: "Họ và tên <email>"`),
        col.contact,
      ),
      leaders,
      signatory: { name: leaders[0]!.name, title: `Thủ trưởng ${name}` },
    });
    if (i > 20) break;
  }
  const areas = required(cells, C.areas, 'the coordination areas, separated by ";"')
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((a, i) => ({ id: slugOf(a) || `area-${i + 1}`, title: { vi: a, en: a } }));
  const secretariat = cells[C.secretariat]?.trim() || `Văn phòng ${bodies[0]!.name.vi}`;
  const effective = cells[C.effectiveOn]?.trim();
  const reviews = cells[C.reviews]?.trim();
  const link = cells[C.link]?.trim();
  return {
    id,
    title: { vi: title, en: cells[C.titleEn]?.trim() || title },
    kickoff: signedOn,
    secretariat: {
      name: { vi: secretariat, en: secretariat },
      contacts: peopleOf(
        required(cells, C.secretariatContact, 'the secretariat\'s contact: "Họ và tên <email>"'),
        C.secretariatContact,
      ),
    },
    bodies,
    areas,
    adopted: {
      ...(number ? { number } : {}),
      ...(link ? { link } : {}),
      signedOn,
      ...(effective ? { effectiveOn: dayOf(effective, C.effectiveOn) } : {}),
      reviewsHeld: reviews ? reviewsOf(reviews, C.reviews) : [],
      ...(overdueOf(cells[C.overdue]) ? { overdue: 'escalate' as const } : {}),
    },
    schedule: {
      preliminaryReviews: cycleOf(cells[C.cycle]?.trim() || '12 tháng'),
      finalReview: dayOf(required(cells, C.finalReview, 'the date of the tổng kết (dd/mm/yyyy)'), C.finalReview),
    },
  };
}

/** The register column a definition field comes from. */
export function columnOf(p: (string | number)[]): string {
  const C = COLUMNS;
  const [a, b, c] = p;
  if (a === 'id') return C.id;
  if (a === 'title') return b === 'en' ? C.titleEn : C.title;
  if (a === 'kickoff') return C.signedOn;
  if (a === 'areas') return C.areas;
  if (a === 'secretariat') return b === 'contacts' ? C.secretariatContact : C.secretariat;
  if (a === 'bodies') {
    if (typeof b !== 'number') return bodyColumns(1).name;
    const col = bodyColumns(b + 1);
    return c === 'contacts' ? col.contact : c === 'leaders' || c === 'signatory' ? col.leader : col.name;
  }
  if (a === 'schedule') return b === 'preliminaryReviews' ? C.cycle : b === 'finalReview' ? C.finalReview : String(b);
  if (a === 'adopted') {
    if (b === 'overdue') return C.overdue;
    if (b === 'signedOn') return C.signedOn;
    if (b === 'effectiveOn') return C.effectiveOn;
    if (b === 'number') return C.number;
    if (b === 'link') return C.link;
    return C.reviews;
  }
  return String(a ?? '');
}

/** The review a problem is about, so a message about reviewsHeld[1].heldOn reads "sơ kết 2: …". */
function prefix(p: (string | number)[]): string {
  return p[0] === 'adopted' && p[1] === 'reviewsHeld' && typeof p[2] === 'number' && p[3] !== 'n'
    ? `sơ kết ${p[2] + 1}: `
    : '';
}

/** The definition's field names in a message, as the register's columns. */
function inRegisterWords(message: string): string {
  return message
    .replace(/\bsignedOn\b/g, `"${COLUMNS.signedOn}"`)
    .replace(/\beffectiveOn\b/g, `"${COLUMNS.effectiveOn}"`)
    .replace(/\breviewsHeld\b/g, `"${COLUMNS.reviews}"`)
    .replace(/schedule\.finalReview/g, `"${COLUMNS.finalReview}"`)
    .replace(/set kickoff on or before the signing/g, 'correct the date')
    .replace(/add overdue: escalate/g, `write "báo lãnh đạo" in column "${COLUMNS.overdue}"`);
}

const byColumn = (problems: Pick<FieldProblem, 'path' | 'message'>[]) =>
  problems.map((x) => ({ column: columnOf(x.path), message: inRegisterWords(`${prefix(x.path)}${x.message}`) }));

/**
 * Checks every row as `regulation start` would on `today`: the schema, the adoption's dates, and
 * what runs next on the regulation's calendar. Two rows with one id: the second is refused.
 */
export function checkRows(
  rows: RegisterRow[],
  calendar: (reg: Regulation) => WorkingCalendar,
  today: string,
): CheckedRow[] {
  const seen = new Map<string, number>();
  return rows.map((r): CheckedRow => {
    let input: RegulationInput;
    try {
      input = rowInput(r.cells);
    } catch (err) {
      if (err instanceof CellError) return { row: r.row, problems: [{ column: err.column, message: err.message }] };
      throw err;
    }
    const checked = checkDefinition(input);
    if ('problems' in checked) return { row: r.row, id: input.id, input, problems: byColumn(checked.problems) };
    const regulation = checked.regulation;
    const late = adoptionProblems(regulation, calendar(regulation), today);
    if (late.length > 0) return { row: r.row, id: regulation.id, input, problems: byColumn(late) };
    const twin = seen.get(regulation.id);
    if (twin !== undefined)
      return {
        row: r.row,
        id: regulation.id,
        input,
        problems: [
          { column: COLUMNS.id, message: `"${regulation.id}" is row ${twin}'s id too: give each row its own Mã` },
        ],
      };
    seen.set(regulation.id, r.row);
    return { row: r.row, id: regulation.id, input, regulation, problems: [] };
  });
}

/** A row's problems as the clerk reads them: one line each. */
export function problemLines(r: CheckedRow): string[] {
  return r.problems.map((p) => `row ${r.row}, column "${p.column}": ${p.message}`);
}
