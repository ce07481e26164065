/**
 * Fixtures for the document tests: the Long An definition (Party style), a State-style variant,
 * and a lifecycle status with a bit of everything (two rounds with comments and answers to them,
 * signatures, a sơ kết with reports, exchanges, an extension, emails). Plus small readers of a
 * .docx's word/document.xml (a zip: unzipped with fflate, docx's own zip library).
 */
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { loadRegulation } from '../../config/regulation';
import type { DocumentSettings } from '../../activities/documents/model';
import { documentSettings } from '../../activities/documents';
import type { LifecycleStatus, Round } from '../../domain/lifecycle';
import type { Regulation } from '../../domain/regulation';

export const ROOT = path.resolve(__dirname, '../..');
export const REG: Regulation = loadRegulation(path.join(ROOT, 'config/regulations/long-an-2022.yaml'));

/** State style, issued by a department and signed by its head: the title alone, no "TM.". */
export const STATE_SETTINGS: DocumentSettings = {
  style: 'state',
  issuer: {
    parent: { vi: 'Ủy ban nhân dân tỉnh Long An', en: "Long An Provincial People's Committee" },
    name: { vi: 'Sở Tư pháp', en: 'Department of Justice' },
    code: 'STP',
  },
  place: { vi: 'Long An', en: 'Long An' },
  signer: { capacity: 'head', title: { vi: 'Giám đốc', en: 'Director' }, name: 'Nguyễn Văn Ký' },
  regulationNumber: '05/QCPH-STP-TAND',
};
/** The shipped Long An definition's settings: Party style, the Đảng đoàn issues, signed T/M by its Deputy Secretary. */
export const PARTY_SETTINGS: DocumentSettings = documentSettings(REG);

const round1: Round = {
  n: 1,
  cycle: 1,
  draftVersion: 'v1',
  openedAt: '2022-09-16T02:00:00.000Z',
  deadlineKey: 'consultation/round-1',
  closedAt: '2022-09-30T10:00:00.000Z',
  result: 'changes-requested',
  answers: {
    hdnd: {
      decision: 'request-changes',
      reference: '45/CV-ĐĐ',
      at: '2022-09-28T03:15:00.000Z',
      submittedBy: 'lienlac@hdnd.example.org',
      comments: [
        { area: 'supervision', text: 'Bổ sung cơ chế giám sát chuyên đề hằng năm.' },
        { area: 'personnel', text: 'Làm rõ quy trình giới thiệu Hội thẩm nhân dân.' },
      ],
    },
    tand: {
      decision: 'request-changes',
      at: '2022-09-29T08:00:00.000Z',
      comments: [
        { text: 'Thời hạn cung cấp thông tin nên là 10 ngày làm việc.' },
        { area: 'petitions', text: 'Phân định rõ trách nhiệm trả lời kiến nghị cử tri.' },
      ],
    },
  },
  responses: {
    'hdnd-1': { handling: 'accepted', explanation: 'Đã bổ sung tại Điều 5.', at: '2022-10-03T02:00:00.000Z' },
    'hdnd-2': {
      handling: 'partly-accepted',
      explanation: 'Giữ quy trình hiện hành, bổ sung thời hạn.',
      at: '2022-10-03T02:00:00.000Z',
    },
    'tand-1': {
      handling: 'not-accepted',
      explanation: 'Giữ 7 ngày làm việc để bảo đảm kịp thời.',
      at: '2022-10-03T02:00:00.000Z',
    },
  },
};
const round2: Round = {
  n: 2,
  cycle: 1,
  draftVersion: 'v2',
  openedAt: '2022-10-10T02:00:00.000Z',
  deadlineKey: 'consultation/round-2',
  closedAt: '2022-10-20T02:00:00.000Z',
  result: 'agreed',
  answers: {
    hdnd: { decision: 'agree', comments: [], at: '2022-10-18T02:00:00.000Z' },
    tand: { decision: 'consent-by-silence', comments: [], at: '2022-10-20T02:00:00.000Z' },
  },
};

export const STATUS: LifecycleStatus = {
  regulationId: REG.id,
  title: REG.title,
  stage: 'in-force',
  cycle: 1,
  now: '2023-11-20T03:00:00.000Z',
  clock: { realStart: '2022-08-17T01:00:00.000Z', scheduleStart: '2022-08-17T01:00:00.000Z', speedup: 1 },
  parties: [],
  deadlines: [
    {
      key: 'review-2/reports',
      label: { vi: 'Gửi báo cáo sơ kết lần 2', en: 'Reports for preliminary review 2' },
      lastDay: '2024-10-21',
      at: '2024-10-21T16:59:59.000Z',
      sequence: 0,
      overdue: false,
      calendarVersion: '2024.1',
      daysOff: [{ from: '2024-09-02', to: '2024-09-03', reason: 'Quốc khánh' }],
    },
  ],
  rounds: [round1, round2],
  drafts: [
    {
      version: 'v1',
      link: 'https://docs.example.org/quy-che/v1.docx',
      sha256: 'a'.repeat(64),
      submittedAt: '2022-09-16T02:00:00.000Z',
      cycle: 1,
    },
    {
      version: 'v2',
      link: 'https://docs.example.org/quy-che/v2.docx',
      note: 'Tiếp thu ý kiến lần 1',
      submittedAt: '2022-10-10T02:00:00.000Z',
      cycle: 1,
    },
  ],
  signatures: {
    hdnd: { signer: 'Mai Văn Nhiều', signedAt: '2022-11-03T02:30:00.000Z' },
    tand: { signer: 'Lê Quốc Dũng', signedAt: '2022-11-03T02:45:00.000Z' },
  },
  signingSession: { at: '2022-11-03T02:00:00.000Z', place: 'Hội trường HĐND tỉnh' },
  effectiveDate: '2022-11-03',
  reviews: [
    {
      n: 1,
      kind: 'so-ket',
      workflowId: `${REG.id}/review-1`,
      meetingDate: '2023-11-03',
      reports: {
        hdnd: {
          at: '2023-10-20T02:00:00.000Z',
          assessments: {
            supervision: 'Đã tổ chức 02 cuộc giám sát chuyên đề.',
            personnel: 'Giới thiệu 12 Hội thẩm nhân dân.',
          },
        },
      },
      outcome: {
        decision: 'continue',
        notes: 'Giao Văn phòng theo dõi việc cung cấp thông tin.',
        at: '2023-11-03T04:00:00.000Z',
      },
    },
  ],
  nextReview: { n: 2, kind: 'so-ket', meetingDate: '2024-11-04', workflowId: `${REG.id}/review-2` },
  exchanges: [
    {
      from: 'tand',
      to: ['hdnd', 'secretariat'],
      subject: 'Danh sách vụ án dư luận quan tâm',
      summary: 'Quý III/2023: 3 vụ.',
      at: '2023-10-05T02:00:00.000Z',
    },
  ],
  extensions: [
    {
      deadline: 'review-2/reports',
      from: '2024-10-14',
      to: '2024-10-21',
      reason: 'Trùng kỳ họp HĐND',
      at: '2023-11-10T02:00:00.000Z',
    },
  ],
  mails: [
    {
      kind: 'feedback-request',
      stepKey: 'consultation/round-1',
      to: ['lienlac@hdnd.example.org', 'vanthu@tand.example.com'],
      at: '2022-09-16T02:00:00.000Z',
      date: '2022-09-16',
    },
    {
      kind: 'reminder',
      stepKey: 'consultation/round-1',
      slot: '3 working days',
      to: ['vanthu@tand.example.com'],
      at: '2022-09-26T01:00:00.000Z',
      date: '2022-09-26',
      via: 'digest',
    },
  ],
  run: 1,
  roundsExhausted: false,
};

// ---- reading a .docx ----

export function documentXml(docx: Buffer): string {
  const files = unzipSync(new Uint8Array(docx), { filter: (f) => f.name === 'word/document.xml' });
  const xml = files['word/document.xml'];
  if (!xml) throw new Error('no word/document.xml in the .docx');
  return strFromU8(xml);
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of an XML fragment: its w:t runs joined. */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');
}

/** The paragraphs (XML) of a fragment, in order. */
export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
}

/** Top-level tables of the body (the renderer nests none): each as rows of cells of paragraph texts. */
export function tables(xml: string): { xml: string; rows: { xml: string; cells: string[][] }[] }[] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => ({
    xml: t[0],
    rows: [...t[0].matchAll(/<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/g)].map((r) => ({
      xml: r[0],
      cells: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
        paragraphs(c[0])
          .map(textOf)
          .filter((x) => x !== ''),
      ),
    })),
  }));
}

/** The body's paragraphs outside tables. */
export function bodyParagraphs(xml: string): string[] {
  return paragraphs(xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, ''));
}

// ---- long content: three bodies, twelve comments, long explanations and reports ----

const LONG_TEXT = (what: string) =>
  `${what} Đề nghị cơ quan soạn thảo rà soát, quy định cụ thể trách nhiệm của từng cơ quan, thời hạn cung cấp thông tin, tài liệu và hình thức phối hợp trong trường hợp cần thiết; đồng thời bảo đảm tính thống nhất với Quy chế làm việc của mỗi cơ quan và các quy định của Đảng, pháp luật của Nhà nước có liên quan.`;

/** The Long An definition with a third body (the procuracy's Party Affairs Committee). */
export const REG3: Regulation = {
  ...REG,
  bodies: [
    ...REG.bodies,
    {
      id: 'vks',
      name: {
        vi: 'Ban Cán sự Đảng Viện kiểm sát nhân dân tỉnh',
        en: "Party Affairs Committee of the Provincial People's Procuracy",
      },
      locale: 'vi',
      contacts: [{ name: 'Phạm Văn Kiểm', email: 'vanthu@vks.example.org' }],
      leaders: [{ name: 'Trương Văn Sát', email: 'vientruong@vks.example.org' }],
      signatory: { name: 'Trương Văn Sát', title: 'Bí thư Ban Cán sự Đảng, Viện trưởng VKSND tỉnh' },
    },
  ],
};

const AREAS = ['directive-26', 'supervision', 'petitions', 'personnel', undefined];
function longComments(body: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    ...(AREAS[i % AREAS.length] ? { area: AREAS[i % AREAS.length]! } : {}),
    text: LONG_TEXT(`Ý kiến ${i + 1} của ${body} về Điều ${i + 3}, khoản ${(i % 3) + 1}.`),
  }));
}
const HANDLINGS = ['accepted', 'partly-accepted', 'not-accepted'] as const;
function longResponses(body: string, n: number): Round['responses'] {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `${body}-${i + 1}`,
      {
        handling: HANDLINGS[i % 3]!,
        explanation: `Văn phòng giúp việc ${i % 3 === 2 ? 'xin giữ như dự thảo vì nội dung này đã được quy định tại Quy chế làm việc của mỗi cơ quan, không cần quy định lại' : 'đã tiếp thu, chỉnh sửa tại Điều ' + (i + 3) + ' của Dự thảo lần 2, bổ sung thời hạn 05 ngày làm việc kể từ ngày nhận được đề nghị'}; thời điểm áp dụng từ ngày 21/10/2024.`,
        at: '2022-10-03T02:00:00.000Z',
      },
    ]),
  );
}
const longRound1: Round = {
  n: 1,
  cycle: 1,
  draftVersion: 'v1',
  openedAt: '2022-09-16T02:00:00.000Z',
  deadlineKey: 'consultation/round-1',
  closedAt: '2022-09-30T10:00:00.000Z',
  result: 'changes-requested',
  answers: {
    hdnd: {
      decision: 'request-changes',
      reference: '45-CV/ĐĐ',
      at: '2022-09-28T03:15:00.000Z',
      comments: longComments('Đảng đoàn HĐND tỉnh', 5),
    },
    tand: {
      decision: 'request-changes',
      reference: '112/TANDT-VP',
      at: '2022-09-29T08:00:00.000Z',
      comments: longComments('Ban Cán sự Đảng TAND tỉnh', 4),
    },
    vks: {
      decision: 'request-changes',
      at: '2022-09-29T09:00:00.000Z',
      comments: longComments('Ban Cán sự Đảng VKSND tỉnh', 3),
    },
  },
  responses: { ...longResponses('hdnd', 5), ...longResponses('tand', 4), ...longResponses('vks', 3) },
};
const longRound2: Round = {
  n: 2,
  cycle: 1,
  draftVersion: 'v2',
  openedAt: '2022-10-10T02:00:00.000Z',
  deadlineKey: 'consultation/round-2',
  closedAt: '2022-10-20T02:00:00.000Z',
  result: 'agreed',
  answers: {
    hdnd: { decision: 'agree', comments: [], at: '2022-10-18T02:00:00.000Z' },
    tand: { decision: 'agree', comments: [], at: '2022-10-19T02:00:00.000Z' },
    vks: { decision: 'consent-by-silence', comments: [], at: '2022-10-20T02:00:00.000Z' },
  },
};
const LONG_REPORT = (body: string, area: string) =>
  `Năm 2023, ${body} đã chủ động phối hợp thực hiện nội dung “${area}”: tổ chức 03 cuộc họp liên ngành, trao đổi 15 văn bản, cung cấp đầy đủ thông tin theo đề nghị; kết quả phối hợp góp phần nâng cao chất lượng, hiệu quả hoạt động của mỗi cơ quan. Việc trao đổi thông tin được thực hiện kịp thời, đúng thời hạn quy định tại Quy chế, bảo đảm bí mật nhà nước theo quy định.`;

export const LONG_STATUS: LifecycleStatus = {
  ...STATUS,
  rounds: [longRound1, longRound2],
  signatures: { ...STATUS.signatures, vks: { signer: 'Trương Văn Sát', signedAt: '2022-11-03T03:00:00.000Z' } },
  reviews: [
    {
      n: 1,
      kind: 'so-ket',
      workflowId: `${REG.id}/review-1`,
      meetingDate: '2023-11-03',
      reports: Object.fromEntries(
        REG3.bodies.slice(0, 2).map((b) => [
          b.id,
          {
            at: '2023-10-20T02:00:00.000Z',
            assessments: {
              ...Object.fromEntries(REG3.areas.map((a) => [a.id, LONG_REPORT(b.name.vi, a.title.vi)])),
              limitations:
                'Có lúc việc cung cấp thông tin còn chậm so với thời hạn; nguyên nhân chủ yếu do khối lượng công việc lớn, biên chế còn thiếu.',
              lessons: 'Thường xuyên trao đổi, nắm tình hình; phân công rõ người, rõ việc, rõ thời hạn.',
              directions: 'Tiếp tục thực hiện nghiêm Quy chế; tăng cường giám sát chuyên đề.',
              proposals: 'Đề nghị Thường trực HĐND tỉnh quan tâm bố trí kinh phí cho hoạt động giám sát.',
            },
          },
        ]),
      ),
      outcome: {
        decision: 'continue',
        notes:
          'Giao Văn phòng giúp việc theo dõi, đôn đốc việc cung cấp thông tin giữa các cơ quan và báo cáo tại hội nghị sơ kết lần 2.',
        at: '2023-11-03T04:00:00.000Z',
      },
    },
  ],
  exchanges: Array.from({ length: 6 }, (_, i) => ({
    from: i % 2 ? 'tand' : 'vks',
    to: ['hdnd', 'secretariat'],
    subject: `Danh sách vụ án dư luận quan tâm quý ${(i % 4) + 1}/2023`,
    summary: 'Cung cấp danh sách 03 vụ án có đông người tham gia, dư luận xã hội quan tâm, đề nghị theo dõi giám sát.',
    link: `https://docs.example.org/trao-doi/2023/quy-${(i % 4) + 1}/danh-sach-vu-an-du-luan-quan-tam.pdf`,
    at: `2023-${String(i + 3).padStart(2, '0')}-05T02:00:00.000Z`,
  })),
};
