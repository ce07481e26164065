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
import type { LifecycleStatus, Round } from '../../domain/lifecycle';
import type { Regulation } from '../../domain/regulation';

export const ROOT = path.resolve(__dirname, '../..');
export const REG: Regulation = loadRegulation(path.join(ROOT, 'config/regulations/long-an-2022.yaml'));

export const STATE_SETTINGS: DocumentSettings = {
  style: 'state',
  issuer: {
    parent: { vi: 'Ủy ban nhân dân tỉnh Long An', en: "Long An Provincial People's Committee" },
    name: { vi: 'Văn phòng giúp việc', en: 'Joint secretariat' },
  },
  place: { vi: 'Long An', en: 'Long An' },
  signer: { title: { vi: 'Chánh Văn phòng', en: 'Chief of Office' }, name: 'Nguyễn Văn Ký' },
};
export const PARTY_SETTINGS: DocumentSettings = {
  ...(REG.documents as DocumentSettings),
  signer: { title: { vi: 'Chánh Văn phòng', en: 'Chief of Office' }, name: 'Nguyễn Văn Ký' },
};

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
