/**
 * The official documents as .docx, read back from word/document.xml: every kind (the report of the
 * comments received, the report of how they were taken in, the review report, the notice of the
 * meeting's conclusions, the full record) in State style (Decree 30/2020/NĐ-CP) and Party style
 * (36-HD/VPTW), Vietnamese and English, short and long. Header block, number and date lines, rules
 * drawn on their text, title, fonts and sizes, language, page, the tables, the signature and Nơi
 * nhận, and no "undefined", ISO date or system code in the text. The PDF tests (pdf.test.ts) check
 * the same samples as LibreOffice lays them out.
 */
import { unzipSync, strFromU8 } from 'fflate';
import type { Locale } from '../../domain/locale';
import {
  explanationTableData,
  explanationTableDocument,
  longDate,
  renderDocx,
  documentSettings,
} from '../../activities/documents';
import { bodyParagraphs, documentXml, REG, STATUS, tables, textOf } from './fixtures';
import { allSamples, build, type Kind } from './samples';
import { PARTY_SETTINGS, STATE_SETTINGS } from './fixtures';

const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

const EXPECTED = {
  vi: {
    date: { comments: 'Long An, ngày 30 tháng 9 năm 2022', conclusions: 'Long An, ngày 06 tháng 11 năm 2023' },
    state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    party: ['ĐẢNG CỘNG SẢN VIỆT NAM'],
    recipients: 'Nơi nhận:',
    archive: '- Lưu: VT.',
  },
  en: {
    date: { comments: 'Long An, 30 September 2022', conclusions: 'Long An, 6 November 2023' },
    state: ['SOCIALIST REPUBLIC OF VIET NAM', 'Independence – Freedom – Happiness'],
    party: ['COMMUNIST PARTY OF VIET NAM'],
    recipients: 'Recipients:',
    archive: '- File: Records office.',
  },
};
const TITLES: Record<Kind, Record<Locale, string>> = {
  comments: { vi: 'BÁO CÁO', en: 'REPORT' },
  explanations: { vi: 'BÁO CÁO', en: 'REPORT' },
  'review-report': { vi: 'BÁO CÁO', en: 'REPORT' },
  conclusions: { vi: 'THÔNG BÁO', en: 'NOTICE' },
  record: { vi: 'BÁO CÁO', en: 'REPORT' },
};
const KIND_CODE: Record<Kind, string> = {
  comments: 'BC',
  explanations: 'BC',
  'review-report': 'BC',
  conclusions: 'TB',
  record: 'BC',
};

describe.each(allSamples().map((s) => [s.name, s] as const))('%s', (_name, sample) => {
  const { kind, style, locale, doc } = sample;
  let xml = '';
  let files: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    const docx = await renderDocx(doc);
    files = unzipSync(new Uint8Array(docx));
    xml = documentXml(docx);
  });

  test('header block: parent, issuer, number line; national name or Party title with its rule on its own text; date line', () => {
    const e = EXPECTED[locale];
    const [header] = tables(xml);
    expect(header!.xml).toMatch(/<w:tblBorders><w:top w:val="none"/);
    expect(header!.rows).toHaveLength(1);
    const [left, right] = header!.rows[0]!.cells;
    const label = locale === 'vi' ? 'Số' : 'No\\.';
    const code = KIND_CODE[kind];
    if (style === 'state') {
      expect(left).toEqual([
        locale === 'vi' ? 'ỦY BAN NHÂN DÂN TỈNH LONG AN' : "LONG AN PROVINCIAL PEOPLE'S COMMITTEE",
        locale === 'vi' ? 'SỞ TƯ PHÁP' : 'DEPARTMENT OF JUSTICE',
        expect.stringMatching(new RegExp(`^${label}: +/${code}-STP$`)),
      ]);
      expect(right!.slice(0, 2)).toEqual(e.state);
    } else {
      // The joint secretariat is no office of the Tỉnh ủy: the Đảng đoàn issues.
      expect(left).toEqual([
        locale === 'vi' ? 'TỈNH ỦY LONG AN' : 'LONG AN PROVINCIAL PARTY COMMITTEE',
        locale === 'vi' ? 'ĐẢNG ĐOÀN HĐND TỈNH' : "PARTY DELEGATION OF THE PROVINCIAL PEOPLE'S COUNCIL",
        '*',
        expect.stringMatching(new RegExp(`^${label} +-${code}/ĐĐ$`)),
      ]);
      expect(right!.slice(0, 1)).toEqual(e.party);
    }
    expect(right![right!.length - 1]).toMatch(/^Long An, /);
    // The rule under the motto / Party title is the bottom border of the paragraph holding the text.
    const rightXml = header!.rows[0]!.xml.split('</w:tc>')[1]!;
    const ruled = rightXml.match(/<w:p(?:\s[^>]*)?>(?:(?!<\/w:p>)[\s\S])*<w:pBdr><w:bottom[\s\S]*?<\/w:p>/)![0];
    expect(textOf(ruled)).toBe(style === 'state' ? e.state[1] : e.party[0]);
    // The parent line regular, the issuer bold; the date line italic.
    const leftXml = header!.rows[0]!.xml.split('</w:tc>')[0]!;
    const [parentP, issuerP] = leftXml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)!;
    expect(parentP).not.toContain('<w:b/>');
    expect(issuerP).toContain('<w:b/>');
    const dateP = rightXml.match(/<w:p(?:\s[^>]*)?>(?:(?!<\/w:p>)[\s\S])*Long An, [\s\S]*?<\/w:p>/)![0];
    expect(dateP).toContain('<w:i/>');
  });

  test('the date line: place and date as the language writes them', () => {
    if (kind !== 'comments' && kind !== 'conclusions') return;
    const right = tables(xml)[0]!.rows[0]!.cells[1]!;
    expect(right[right.length - 1]).toBe(EXPECTED[locale].date[kind]);
  });

  test('title centred, bold, in capitals; the summary with a rule 1/3–1/2 of its line, drawn right under it', () => {
    const body = bodyParagraphs(xml);
    const i = body.findIndex((p) => textOf(p) === TITLES[kind][locale]);
    expect(i).toBeGreaterThanOrEqual(0);
    const titleP = body[i]!;
    expect(titleP).toContain('<w:jc w:val="center"/>');
    expect(titleP).toContain('<w:b/>');
    expect(titleP).toContain(`<w:sz w:val="${style === 'state' ? 28 : 32}"/>`);
    if (style === 'state') {
      const rule = body.slice(i + 1).find((p) => p.includes('<w:pBdr>'))!;
      // A paragraph 2 pt high whose border is the rule, centred by equal indents.
      expect(rule).toMatch(/<w:spacing [^>]*w:line="40" w:lineRule="exact"\/>/);
      expect(rule).toMatch(/<w:spacing [^>]*w:before="0"/);
      const [, left, right] = /<w:ind w:left="(\d+)" w:right="(\d+)"\/>/.exec(rule)!;
      const textWidth = 11906 - 1701 - 850 - 160;
      const ruleWidth = textWidth - Number(left) - Number(right);
      expect(Number(left)).toBe(Number(right));
      expect(ruleWidth).toBeGreaterThan(0);
      expect(ruleWidth).toBeLessThanOrEqual(textWidth / 2);
    }
  });

  test('page A4 exactly, margins within the decree, Times New Roman, language and author set', () => {
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const m = /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/.exec(xml)!;
    const mm = m.slice(1).map((t) => Number(t) / 56.7);
    expect(mm[0]).toBeGreaterThanOrEqual(19.9); // top 20–25
    expect(mm[0]).toBeLessThanOrEqual(25.1);
    expect(mm[1]).toBeGreaterThanOrEqual(14.9); // right 15–20
    expect(mm[1]).toBeLessThanOrEqual(20.1);
    expect(mm[2]).toBeGreaterThanOrEqual(19.9); // bottom 20–25
    expect(mm[3]).toBeGreaterThanOrEqual(29.9); // left 30–35
    expect(mm[3]).toBeLessThanOrEqual(35.1);
    expect([...xml.matchAll(/w:ascii="([^"]+)"/g)].every((x) => x[1] === 'Times New Roman')).toBe(true);
    const lang = locale === 'vi' ? 'vi-VN' : 'en-GB';
    const runs = [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((r) => r[0]).filter((r) => r.includes('<w:t'));
    expect(runs.every((r) => r.includes(`<w:lang w:val="${lang}"/>`))).toBe(true);
    const core = strFromU8(files['docProps/core.xml']!);
    expect(core).not.toContain('Un-named');
    expect(core).toContain(`<dc:creator>${locale === 'vi' ? 'Văn phòng giúp việc' : 'Joint secretariat'}`);
  });

  test('body text justified, 13–14 pt, first-line indent', () => {
    const justified = bodyParagraphs(xml).filter((p) => p.includes('<w:jc w:val="both"/>'));
    expect(justified.length).toBeGreaterThan(0);
    for (const p of justified) {
      expect(p).toMatch(/<w:ind w:firstLine="7\d\d"\/>/);
      for (const m of p.matchAll(/<w:sz w:val="(\d+)"\/>/g)) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(26);
        expect(Number(m[1])).toBeLessThanOrEqual(28);
      }
    }
  });

  test('closing block: one row that never splits; TM./T/M only for a collective; title and name; Nơi nhận without the issuer', () => {
    const e = EXPECTED[locale];
    const all = tables(xml);
    const closing = all[all.length - 1]!;
    expect(closing.rows[0]!.xml).toContain('<w:cantSplit/>');
    const [recipients, signature] = closing.rows[0]!.cells;
    if (style === 'party')
      expect(signature).toEqual(
        locale === 'vi'
          ? ['T/M ĐẢNG ĐOÀN HĐND TỈNH', 'PHÓ BÍ THƯ', 'Mai Văn Nhiều']
          : [
              "ON BEHALF OF THE PARTY DELEGATION OF THE PROVINCIAL PEOPLE'S COUNCIL",
              'DEPUTY SECRETARY',
              'Mai Văn Nhiều',
            ],
      );
    // The head of a department signs with the title alone.
    else expect(signature).toEqual([locale === 'vi' ? 'GIÁM ĐỐC' : 'DIRECTOR', 'Nguyễn Văn Ký']);
    for (const p of closing.rows[0]!.xml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)!) {
      expect(p).toContain('<w:keepNext/>');
      expect(p).toContain('<w:keepLines/>');
    }
    expect(recipients![0]).toBe(e.recipients);
    expect(recipients![recipients!.length - 1]).toBe(e.archive);
    expect(recipients!.slice(1, -1).every((r) => r.startsWith('- ') && r.endsWith(';'))).toBe(true);
    if (style === 'party')
      expect(recipients!.join('\n')).not.toContain(locale === 'vi' ? 'Đảng đoàn HĐND tỉnh' : 'Party Delegation');
    const labelP = closing.rows[0]!.xml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/)![0];
    if (style === 'party') expect(labelP).toMatch(/<w:u w:val="single"\/>/);
    else expect(labelP).toMatch(/<w:b\/>[\s\S]*<w:i\/>/);
  });

  test('no placeholder, ISO date, system code, draft version or calendar version in the text', () => {
    // Links are data (a draft's file may be named v1.docx); the prose around them is what is checked.
    const text = textOf(xml).replace(/https:\/\/\S+?\.(docx|pdf)/g, '');
    expect(text).not.toMatch(/undefined|NaN|\[object/);
    expect(text).not.toMatch(ISO_DAY);
    expect(text).not.toMatch(
      /request-changes|consent-by-silence|partly-accepted|not-accepted|so-ket|tong-ket|in-force/,
    );
    expect(text).not.toMatch(
      /\bv[12]\b|bản v|phiên bản|calendar version|Mã hồ sơ|Record identifier|long-an-hdnd|limitations:|lessons:/,
    );
    expect(text).not.toContain('BTH');
  });
});

function docText(kind: Kind, locale: Locale, length: 'short' | 'long' = 'short', style: 'state' | 'party' = 'party') {
  return renderDocx(build(kind, style === 'state' ? STATE_SETTINGS : PARTY_SETTINGS, locale, length)).then((d) =>
    documentXml(d),
  );
}

test('when a round closes: the comments grouped by area, no handling column, and silence read as consent', async () => {
  const xml = await docText('comments', 'vi', 'long');
  const text = textOf(xml);
  expect(text).toContain('Tổng hợp ý kiến góp ý đối với Dự thảo lần 1 Quy chế phối hợp');
  expect(text).toContain('Ngày 16/9/2022, Dự thảo lần 1 Quy chế phối hợp');
  expect(text).toContain('Đến ngày 30/9/2022, 3/3 cơ quan đã có ý kiến. Kết quả tổng hợp như sau:');
  expect(text).not.toMatch(/tiếp thu, giải trình như sau|Chưa trả lời|Chưa giải trình/);
  const table = tables(xml)[1]!;
  expect(table.rows[0]!.cells.map((c) => c.join(' '))).toEqual(['STT', 'Cơ quan góp ý', 'Nội dung góp ý']);
  expect(table.rows[0]!.xml).toContain('<w:tblHeader/>');
  // Groups: general comments first, then the areas in the definition's order, each title once.
  const groups = table.rows.filter((r) => r.cells.length === 1).map((r) => r.cells[0]![0]);
  expect(groups).toEqual([
    'I. Ý kiến chung',
    ...REG.areas.map((a, i) => `${['II', 'III', 'IV', 'V'][i]}. ${a.title.vi}`),
  ]);
  const rows = table.rows.filter((r) => r.cells.length === 3).slice(1);
  expect(rows).toHaveLength(12);
  expect(rows.map((r) => r.cells[0]![0])).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
  expect(text).not.toContain(REG.areas[0]!.title.vi + REG.areas[0]!.title.vi);

  const short = textOf(await docText('explanations', 'vi'));
  // Round 2 of the short lifecycle: the court was silent.
  const round2 = textOf(
    documentXml(
      await renderDocx(
        explanationTableDocument(
          explanationTableData(STATUS.rounds[1]!, REG, '2022-10-20'),
          PARTY_SETTINGS,
          REG.secretariat.name,
          'vi',
        ),
      ),
    ),
  );
  expect(round2).toContain(
    'Ban Cán sự Đảng Tòa án nhân dân tỉnh không có ý kiến trả lời trong thời hạn, được coi là nhất trí với dự thảo.',
  );
  expect(round2).not.toMatch(/trả lời lúc|09:00/);
  expect(short).toContain('Các ý kiến được tiếp thu đã được thể hiện trong Dự thảo lần 2 gửi kèm theo.');
});

test('with the next draft: each comment with how it was taken in, grouped by area', async () => {
  const xml = await docText('explanations', 'vi');
  const table = tables(xml)[1]!;
  expect(table.rows[0]!.cells.map((c) => c.join(' '))).toEqual([
    'STT',
    'Cơ quan góp ý',
    'Nội dung góp ý',
    'Tiếp thu, giải trình',
  ]);
  const rows = table.rows.slice(1).filter((r) => r.cells.length === 4);
  expect(rows.map((r) => r.cells[3])).toEqual([
    ['Không tiếp thu', 'Giữ 7 ngày làm việc để bảo đảm kịp thời.'],
    ['Tiếp thu', 'Đã bổ sung tại Điều 5.'],
    ['Chưa giải trình'],
    ['Tiếp thu một phần', 'Giữ quy trình hiện hành, bổ sung thời hạn.'],
  ]);
  expect(rows[1]!.cells[1]).toEqual(['Đảng đoàn HĐND tỉnh', '(Công văn số\u00a045/CV\u2011ĐĐ)']);
  const en = tables(await docText('explanations', 'en'))[1]!;
  expect(en.rows[0]!.cells.map((c) => c.join(' '))).toEqual(['No.', 'Body', 'Comment', 'Handling and explanation']);
  expect(en.rows.filter((r) => r.cells.length === 1)[0]!.cells[0]).toEqual(['I. General comments']);
});

test('the review report runs I–VI, cites the Quy chế by number and date, and holds no conclusion; the notice does', async () => {
  const report = textOf(await docText('review-report', 'vi', 'long', 'state'));
  const headings = [
    'I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN',
    'II. KẾT QUẢ ĐẠT ĐƯỢC',
    'III. HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN',
    'IV. BÀI HỌC KINH NGHIỆM',
    'V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI',
    'VI. ĐỀ XUẤT, KIẾN NGHỊ',
  ];
  const at = headings.map((h) => report.indexOf(h));
  expect(at.every((i) => i > 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(report).toContain('Thực hiện Quy chế phối hợp số 05/QCPH-STP-TAND ngày 3/11/2022 giữa Đảng đoàn HĐND tỉnh');
  expect(report).toContain('2/3 cơ quan đã gửi báo cáo');
  expect(report).toContain('Ban Cán sự Đảng Viện kiểm sát nhân dân tỉnh chưa gửi báo cáo');
  expect(report).toContain('Thường xuyên trao đổi, nắm tình hình');
  expect(report).toContain('trình hội nghị ngày 3/11/2023 xem xét, cho ý kiến./.');
  expect(report).not.toMatch(/Hội nghị thống nhất|kết luận như sau/);

  const notice = textOf(await docText('conclusions', 'vi', 'long', 'state'));
  expect(notice).toContain('THÔNG BÁO');
  expect(notice).toContain('Kết luận của hội nghị sơ kết lần 1 thực hiện Quy chế phối hợp');
  expect(notice).toContain('1. Hội nghị thống nhất tiếp tục thực hiện Quy chế.');
  expect(notice).toContain('2. Giao Văn phòng giúp việc theo dõi, đôn đốc');
  const en = textOf(await docText('review-report', 'en', 'long'));
  expect(en).toContain('Preliminary review 1 of the implementation of the Coordination regulation');
  expect(en).toContain('I. IMPLEMENTATION');
});

test('the record: drafts by their number, silence without an answer time, no system identifiers', async () => {
  const text = textOf(await docText('record', 'vi'));
  expect(text).toContain('Lần 1: Dự thảo lần 1');
  expect(text).toContain('Ban Cán sự Đảng Tòa án nhân dân tỉnh: Không trả lời (coi như nhất trí).');
  expect(text).toContain('Gửi báo cáo sơ kết lần 2: hạn cuối ngày 21/10/2024; ngày nghỉ đã tính');
  expect(text).toContain('Nhắc hạn (trong thư tổng hợp buổi sáng)');
  expect(text).toContain('aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa');
});

test('the date line writes days below 10 and the months 1 and 2 with a leading 0, as Decree 30/2020 does', () => {
  expect(longDate('2022-08-17', 'vi')).toBe('ngày 17 tháng 8 năm 2022');
  expect(longDate('2022-02-05', 'vi')).toBe('ngày 05 tháng 02 năm 2022');
  expect(longDate('2023-01-31', 'vi')).toBe('ngày 31 tháng 01 năm 2023');
  expect(longDate('2023-03-09', 'vi')).toBe('ngày 09 tháng 3 năm 2023');
  expect(longDate('2023-12-01', 'vi')).toBe('ngày 01 tháng 12 năm 2023');
  expect(longDate('2022-02-05', 'en')).toBe('5 February 2022');
});

test('a definition recorded before the documents block was complete: the secretariat signs as its head, "TM." never', () => {
  const settings = documentSettings({ ...REG, documents: undefined });
  const doc = explanationTableDocument(
    explanationTableData(STATUS.rounds[1]!, REG, '2023-02-05'),
    settings,
    REG.secretariat.name,
    'vi',
  );
  expect(doc.style).toBe('state');
  expect(doc.signature).toEqual({ title: 'Chánh Văn phòng' });
  expect(doc.kindCode).toBe('BC');
});
