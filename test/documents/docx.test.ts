/**
 * The official documents as .docx: each kind (table of comments and their handling, review report,
 * full record) in Vietnamese and English, in State style (Decree 30/2020/NĐ-CP) and Party style
 * (36-HD/VPTW). Each is rendered, unzipped and its word/document.xml read back: header block,
 * number and date lines, title, fonts and sizes, the comment table, signature and Nơi nhận, and no
 * "undefined" or ISO date in the text. One sample of each is kept in test/artifacts/.
 */
import fs from 'node:fs';
import type { Locale } from '../../domain/locale';
import path from 'node:path';
import {
  explanationTableData,
  explanationTableDocument,
  longDate,
  recordDocument,
  renderDocx,
  reviewReportData,
  reviewReportDocument,
  type DocumentSettings,
  type OfficialDocument,
} from '../../activities/documents';
import {
  bodyParagraphs,
  documentXml,
  PARTY_SETTINGS,
  REG,
  ROOT,
  STATE_SETTINGS,
  STATUS,
  tables,
  textOf,
} from './fixtures';

const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

type Kind = 'explanation-table' | 'review-report' | 'record';

function build(kind: Kind, settings: DocumentSettings, locale: Locale): OfficialDocument {
  switch (kind) {
    case 'explanation-table':
      return explanationTableDocument(
        explanationTableData(STATUS.rounds[0]!, REG, '2022-08-17', 'v2'),
        settings,
        REG.secretariat.name,
        locale,
      );
    case 'review-report':
      return reviewReportDocument(
        reviewReportData(STATUS.reviews[0]!, REG, '2022-08-17', STATUS.effectiveDate),
        settings,
        REG.secretariat.name,
        locale,
      );
    case 'record':
      return recordDocument({ ...STATUS, now: '2022-08-17T03:00:00.000Z' }, REG, settings, locale);
  }
}

const EXPECTED = {
  vi: {
    date: 'Long An, ngày 17 tháng 8 năm 2022',
    state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    party: ['ĐẢNG CỘNG SẢN VIỆT NAM'],
    recipients: 'Nơi nhận:',
    archive: '- Lưu: VT.',
  },
  en: {
    date: 'Long An, 17 August 2022',
    state: ['SOCIALIST REPUBLIC OF VIET NAM', 'Independence – Freedom – Happiness'],
    party: ['COMMUNIST PARTY OF VIET NAM'],
    recipients: 'Recipients:',
    archive: '- File: Records office.',
  },
};
const TITLES: Record<Kind, Record<Locale, string>> = {
  'explanation-table': {
    vi: 'BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN',
    en: 'TABLE OF COMMENTS, THEIR HANDLING AND EXPLANATIONS',
  },
  'review-report': { vi: 'BÁO CÁO', en: 'REPORT' },
  record: { vi: 'BÁO CÁO', en: 'REPORT' },
};
const KIND_CODE: Record<Kind, string> = { 'explanation-table': 'BTH', 'review-report': 'BC', record: 'BC' };

beforeAll(() => fs.mkdirSync(ARTIFACTS, { recursive: true }));

describe.each(['explanation-table', 'review-report', 'record'] as Kind[])('%s', (kind) => {
  describe.each([
    ['state', STATE_SETTINGS],
    ['party', PARTY_SETTINGS],
  ] as const)('%s style', (style, settings) => {
    test.each(['vi', 'en'] as Locale[])('%s', async (locale) => {
      const doc = build(kind, settings, locale);
      const docx = await renderDocx(doc);
      fs.writeFileSync(path.join(ARTIFACTS, `${kind}-${locale}${style === 'state' ? '-state' : ''}.docx`), docx);
      const xml = documentXml(docx);
      const text = textOf(xml);
      const e = EXPECTED[locale];
      const [header, ...rest] = tables(xml);
      const closing = rest[rest.length - 1]!;

      // Header block: a borderless table of one row, two columns.
      expect(header!.xml).toMatch(/<w:tblBorders><w:top w:val="none"/);
      expect(header!.rows).toHaveLength(1);
      const [left, right] = header!.rows[0]!.cells;
      const parent =
        locale === 'vi'
          ? style === 'state'
            ? 'ỦY BAN NHÂN DÂN TỈNH LONG AN'
            : 'TỈNH ỦY LONG AN'
          : style === 'state'
            ? "LONG AN PROVINCIAL PEOPLE'S COMMITTEE"
            : 'LONG AN PROVINCIAL PARTY COMMITTEE';
      const issuer = locale === 'vi' ? 'VĂN PHÒNG GIÚP VIỆC' : 'JOINT SECRETARIAT';
      const label = locale === 'vi' ? 'Số' : 'No.';
      const code = KIND_CODE[kind];
      if (style === 'state') {
        expect(left).toEqual([
          parent,
          issuer,
          expect.stringMatching(new RegExp(`^${label.replace('.', '\\.')}: +/${code}-VPGV$`)),
        ]);
        expect(right).toEqual([...e.state, e.date]);
      } else {
        expect(left).toEqual([
          parent,
          issuer,
          '*',
          expect.stringMatching(new RegExp(`^${label.replace('.', '\\.')} +-${code}/VPGV$`)),
        ]);
        expect(right).toEqual([...e.party, e.date]);
      }
      // The parent line regular, the issuer bold; the national name (or Party title) bold and ruled.
      const leftXml = header!.rows[0]!.xml.split('</w:tc>')[0]!;
      const [parentP, issuerP] = leftXml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)!;
      expect(parentP).not.toContain('<w:b/>');
      expect(issuerP).toContain('<w:b/>');
      expect(header!.xml).toMatch(/<w:pBdr><w:bottom w:val="single"/);
      const dateP = header!.rows[0]!.xml.match(
        /<w:p(?:\s[^>]*)?>(?:(?!<\/w:p>)[\s\S])*?<w:t[^>]*>[^<]*(?:ngày 17|17 August)[\s\S]*?<\/w:p>/,
      )![0];
      expect(dateP).toContain('<w:i/>');

      // Title in capitals, centred and bold, right after the header block.
      const body = bodyParagraphs(xml);
      const titleP = body.find((p) => textOf(p) === TITLES[kind][locale]);
      expect(titleP).toBeDefined();
      expect(titleP).toContain('<w:jc w:val="center"/>');
      expect(titleP).toContain('<w:b/>');
      expect(titleP).toContain(`<w:sz w:val="${style === 'state' ? 28 : 32}"/>`);

      // Times New Roman throughout; body text justified, 13–14 pt, first-line indent.
      expect(xml).toContain('w:rFonts w:ascii="Times New Roman"');
      expect([...xml.matchAll(/w:ascii="([^"]+)"/g)].every((m) => m[1] === 'Times New Roman')).toBe(true);
      const justified = body.filter((p) => p.includes('<w:jc w:val="both"/>'));
      expect(justified.length).toBeGreaterThan(0);
      for (const p of justified) {
        expect(p).toMatch(/<w:ind w:firstLine="7\d\d"\/>/);
        for (const m of p.matchAll(/<w:sz w:val="(\d+)"\/>/g)) {
          expect(Number(m[1])).toBeGreaterThanOrEqual(26);
          expect(Number(m[1])).toBeLessThanOrEqual(28);
        }
      }

      // Signature on the right of the last (borderless) table, Nơi nhận on its left.
      const [recipients, signature] = closing.rows[0]!.cells;
      const capacity =
        locale === 'en'
          ? 'ON BEHALF OF THE JOINT SECRETARIAT'
          : `${style === 'party' ? 'T/M' : 'TM.'} VĂN PHÒNG GIÚP VIỆC`;
      expect(signature).toEqual([capacity, locale === 'vi' ? 'CHÁNH VĂN PHÒNG' : 'CHIEF OF OFFICE', 'Nguyễn Văn Ký']);
      expect(recipients![0]).toBe(e.recipients);
      expect(recipients![recipients!.length - 1]).toBe(e.archive);
      expect(recipients!.slice(1, -1).every((r) => r.startsWith('- ') && r.endsWith(';'))).toBe(true);
      const labelP = closing.rows[0]!.xml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/)![0];
      if (style === 'party') expect(labelP).toMatch(/<w:u w:val="single"\/>/);
      else expect(labelP).toMatch(/<w:b\/>[\s\S]*<w:i\/>/);

      // No placeholder, no raw ISO date, no raw code in the text.
      expect(text).not.toMatch(/undefined|NaN|\[object/);
      expect(text).not.toMatch(ISO_DAY);
      expect(text).not.toMatch(
        /request-changes|consent-by-silence|partly-accepted|not-accepted|so-ket|tong-ket|in-force/,
      );

      if (kind === 'explanation-table') {
        const table = rest[0]!;
        const columns =
          locale === 'vi'
            ? ['STT', 'Cơ quan góp ý', 'Nội dung/Lĩnh vực', 'Ý kiến góp ý', 'Tiếp thu, giải trình']
            : ['No.', 'Commenting body', 'Area', 'Comment', 'Handling and explanation'];
        expect(table.rows[0]!.cells.map((c) => c.join(' '))).toEqual(columns);
        expect(table.rows[0]!.xml).toContain('<w:tblHeader/>');
        expect(table.xml).toMatch(/<w:tblBorders><w:top w:val="single"/);
        expect(table.rows).toHaveLength(1 + 4);
        const handling = table.rows.slice(1).map((r) => r.cells[4]!);
        if (locale === 'vi') {
          expect(handling).toEqual([
            ['Tiếp thu', 'Đã bổ sung tại Điều 5.'],
            ['Tiếp thu một phần', 'Giữ quy trình hiện hành, bổ sung thời hạn.'],
            ['Không tiếp thu', 'Giữ 7 ngày làm việc để bảo đảm kịp thời.'],
            ['Chưa trả lời'],
          ]);
          expect(table.rows[1]!.cells.slice(0, 4)).toEqual([
            ['1'],
            ['Đảng đoàn HĐND tỉnh', '(Công văn số 45/CV-ĐĐ)'],
            ['Lãnh đạo giám sát hoạt động xét xử của Tòa án'],
            ['Bổ sung cơ chế giám sát chuyên đề hằng năm.'],
          ]);
          expect(table.rows[3]!.cells[2]).toEqual(['Chung']);
        } else {
          expect(handling.map((h) => h[0])).toEqual(['Accepted', 'Partly accepted', 'Not accepted', 'Not answered']);
          expect(table.rows[3]!.cells[2]).toEqual(['General']);
        }
        for (const r of table.rows.slice(1)) expect(r.xml).toContain('<w:sz w:val="24"/>');
      }
      if (kind === 'review-report') {
        expect(text).toContain(
          locale === 'vi'
            ? 'Sơ kết lần 1 thực hiện Quy chế phối hợp'
            : 'Preliminary review 1 of the implementation of the Coordination regulation',
        );
        expect(text).toContain('Đã tổ chức 02 cuộc giám sát chuyên đề.');
        expect(text).toContain(
          locale === 'vi'
            ? 'Hội nghị thống nhất tiếp tục thực hiện Quy chế.'
            : 'The meeting decided to continue the regulation as it is.',
        );
        expect(text).toContain(
          locale === 'vi'
            ? 'Ban Cán sự Đảng Tòa án nhân dân tỉnh.'
            : "Party Affairs Committee of the Provincial People's Court.",
        );
        expect(text).toContain(locale === 'vi' ? 'ngày 3/11/2023' : '3 November 2023');
      }
      if (kind === 'record') {
        const commentTable = rest.find((t) =>
          t.rows[0]!.cells.map((c) => c.join(' ')).includes(
            locale === 'vi' ? 'Tiếp thu, giải trình' : 'Handling and explanation',
          ),
        )!;
        expect(commentTable.rows).toHaveLength(5);
        expect(text).toContain(locale === 'vi' ? 'Đề nghị chỉnh sửa' : 'Request changes');
        expect(text).toContain(locale === 'vi' ? 'Không trả lời (coi như nhất trí)' : 'No answer (counted as consent)');
        expect(text).toContain(
          locale === 'vi' ? 'Nhắc hạn (trong thư tổng hợp buổi sáng)' : 'Reminder (in the morning digest)',
        );
        expect(text).toContain(
          locale === 'vi'
            ? 'Gửi báo cáo sơ kết lần 2: hạn cuối ngày 21/10/2024'
            : 'Reports for preliminary review 2: last day 21 October 2024',
        );
        expect(text).toContain('Mai Văn Nhiều');
        expect(text).toContain('Danh sách vụ án dư luận quan tâm');
        expect(text).toContain(locale === 'vi' ? '09:30 ngày 3/11/2022' : '3 November 2022, 09:30');
      }
    });
  });
});

test('the date line writes days below 10 and the months 1 and 2 with a leading 0, as Decree 30/2020 does', () => {
  expect(longDate('2022-08-17', 'vi')).toBe('ngày 17 tháng 8 năm 2022');
  expect(longDate('2022-02-05', 'vi')).toBe('ngày 05 tháng 02 năm 2022');
  expect(longDate('2023-01-31', 'vi')).toBe('ngày 31 tháng 01 năm 2023');
  expect(longDate('2023-03-09', 'vi')).toBe('ngày 09 tháng 3 năm 2023');
  expect(longDate('2023-12-01', 'vi')).toBe('ngày 01 tháng 12 năm 2023');
  expect(longDate('2022-02-05', 'en')).toBe('5 February 2022');
});

test('without settings: State style, the secretariat as issuer, no place, "TM." and the number left blank', async () => {
  const doc = explanationTableDocument(
    explanationTableData(STATUS.rounds[1]!, REG, '2023-02-05'),
    undefined,
    REG.secretariat.name,
    'vi',
  );
  expect(doc.style).toBe('state');
  expect(doc.signature.capacity).toBe(`TM. ${REG.secretariat.name.vi}`);
  const xml = documentXml(await renderDocx(doc));
  const [left, right] = tables(xml)[0]!.rows[0]!.cells;
  expect(left).toEqual([REG.secretariat.name.vi.toUpperCase(), expect.stringMatching(/^Số: +\/BTH-VPGV$/)]);
  expect(right![2]).toBe('Ngày 05 tháng 02 năm 2023');
  // No comments in round 2: no table but the header and closing blocks, and both bodies agreed.
  expect(tables(xml)).toHaveLength(2);
  expect(textOf(xml)).toContain('Các cơ quan nhất trí với dự thảo, không có ý kiến góp ý: Đảng đoàn HĐND tỉnh.');
});
