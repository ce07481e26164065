/**
 * Every kind of email, in Vietnamese and English, rendered from realistic requests (the Long An
 * definition, as the workflows fill them in) and read for what a person would trip over: a raw
 * code, an ISO date, a subject that says the same thing twice, a Vietnamese label left in the
 * English copy, per-area instructions without the area ids, a command that cannot be pasted,
 * and a signature that is not the secretariat's own name.
 *
 * MAIL_PREVIEW_DIR=dir writes every rendered email there (HTML and text) for a look in a browser.
 */
import fs from 'node:fs';
import type { Locale, Localized } from '../../domain/locale';
import path from 'node:path';
import type { Command } from 'commander';
import {
  escapeHtml,
  foldForCompare,
  renderDigest,
  renderMail,
  type RenderedMail,
} from '../../activities/mail/templates';
import type { AnswerCommand, MailKind, MailRequest, Recipient } from '../../domain/mail';
import { buildProgram } from '../../client/cli';
import { loadRegulation } from '../../config/regulation';
import { visibleText } from '../support/html-text';
import { LONG_AN } from '../support/lifecycle-harness';

const reg = loadRegulation(LONG_AN);
const [hdnd, tand] = reg.bodies as [(typeof reg.bodies)[number], (typeof reg.bodies)[number]];
const body = (b: typeof hdnd) => ({ id: b.id, name: b.name });
const areas = reg.areas.map((a) => ({ id: a.id, title: a.title }));
const ID = reg.id;
const CLERK: Recipient = hdnd.contacts[0]!;

/**
 * Text a person typed (names, comments, notes, places, letter numbers, server answers): shown as
 * written in either language, so the English copy may carry Vietnamese here and only here.
 */
const FREE = {
  comment: 'Bổ sung quy trình giới thiệu Hội thẩm nhân dân.',
  comment2: 'Làm rõ thời hạn cung cấp hồ sơ vụ án phục vụ giám sát.',
  reference: '123/CV-TAND',
  submittedBy: 'Lê Thị Văn Thư',
  notes: 'Kết luận tổng kết',
  reviewNotes: 'Bổ sung nội dung về tiếp công dân.',
  explanation: 'Giữ nguyên: đã quy định tại Điều 5.',
  place: 'Hội trường HĐND tỉnh',
  exchangeSubject: 'Danh sách Hội thẩm nhân dân nhiệm kỳ 2021–2026',
  exchangeSummary: 'TAND gửi danh sách Hội thẩm nhân dân.',
  reason: 'Chờ ý kiến của Thường trực Tỉnh ủy',
  withdrawReason: 'Hai cơ quan thống nhất dừng xây dựng quy chế',
  /** Holiday names come from the official calendar, in Vietnamese only. */
  holiday: 'Tết Nguyên đán',
  bounce: '550 5.1.1 User unknown',
};
const PEOPLE = [
  ...reg.secretariat.contacts,
  ...reg.bodies.flatMap((b) => [...b.contacts, ...b.leaders]),
  ...reg.bodies.map((b) => b.signatory),
].map((p) => p.name);

const deadline = (lastDay: string, key: string) => ({
  lastDay,
  at: `${lastDay}T17:00:00.000Z`,
  uid: `${ID}/${key}@regulations.local`,
  sequence: 0,
});
const consultation = {
  stage: 'consultation' as const,
  round: 1,
  label: { vi: 'Góp ý dự thảo v1 (vòng 1)', en: 'Comments on draft v1 (round 1)' },
};
const reports = {
  stage: 'in-force' as const,
  review: 1,
  label: { vi: 'Báo cáo sơ kết lần 1', en: 'Reports for the preliminary review 1' },
};
const soKet1 = { stage: 'in-force' as const, review: 1, label: { vi: 'Sơ kết lần 1', en: 'Preliminary review 1' } };
const tongKet = { stage: 'in-force' as const, review: 1, label: { vi: 'Tổng kết', en: 'Final review' } };
const signing = {
  stage: 'signing' as const,
  label: { vi: 'Ký kết quy chế phối hợp', en: 'Signing of the coordination regulation' },
};
const drafting = {
  stage: 'drafting' as const,
  label: { vi: 'Soạn thảo dự thảo quy chế', en: 'Drafting the regulation' },
};
const meeting = {
  at: '2023-10-19T02:00:00.000Z',
  place: FREE.place,
  uid: `${ID}/so-ket-1/meeting@regulations.local`,
  sequence: 0,
};
const document = { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf', sha256: 'ab'.repeat(32) };
const feedback = (b: string): AnswerCommand => ({ kind: 'feedback', body: b, round: 1 });
const report = (b: string, review: number | 'final' = 1): AnswerCommand => ({ kind: 'report', body: b, review });

/** A request as Notifier.send builds it: the definition's secretariat, the body's language. */
function request(
  locale: Locale,
  r: Partial<MailRequest> & Pick<MailRequest, 'kind' | 'stepKey' | 'step'>,
): MailRequest {
  return {
    lifecycleId: ID,
    locale,
    to: [CLERK],
    regulation: { id: reg.id, title: reg.title },
    audience: { role: 'body', body: body(hdnd) },
    secretariat: { name: reg.secretariat.name },
    zone: reg.timezone,
    ...r,
  };
}

/** Every kind with its variants (a reminder about comments, a report, a signature, a draft…). Typed by MailKind, so a new kind fails to compile until it is here. */
const FIXTURES: Record<MailKind, (l: Locale) => Record<string, MailRequest>> = {
  'feedback-request': (l) => ({
    body: request(l, {
      kind: 'feedback-request',
      stepKey: 'consultation/round-1',
      step: consultation,
      deadline: deadline('2022-09-22', 'consultation/round-1'),
      document,
      answer: { link: 'https://portal.example.org/r/token', command: feedback('hdnd') },
      areas,
    }),
    // Round 2: how the body's comments of round 1 were handled, and the round's table attached.
    handled: request(l, {
      kind: 'feedback-request',
      stepKey: 'consultation/round-2',
      step: {
        ...consultation,
        round: 2,
        label: { vi: 'Góp ý dự thảo v2 (vòng 2)', en: 'Comments on draft v2 (round 2)' },
      },
      deadline: deadline('2022-10-11', 'consultation/round-2'),
      document: { ...document, version: 'v2' },
      answer: { command: { kind: 'feedback', body: 'hdnd', round: 2 } },
      areas,
      handled: {
        round: 1,
        draftVersion: 'v1',
        comments: [
          { id: 'hdnd-1', area: areas[1], text: FREE.comment, handling: 'accepted' },
          { id: 'hdnd-2', text: FREE.comment2, handling: 'not-accepted', explanation: FREE.explanation },
        ],
      },
      attached: ['bang-tong-hop-tiep-thu-giai-trinh-y-kien-vong-1.docx'],
    }),
  }),
  reminder: (l) => ({
    comments: request(l, {
      kind: 'reminder',
      slot: '3 working days',
      stepKey: 'consultation/round-1',
      step: consultation,
      deadline: deadline('2022-09-22', 'consultation/round-1'),
      document,
      answer: { command: feedback('hdnd') },
      areas,
    }),
    report: request(l, {
      kind: 'reminder',
      slot: '1 working day',
      stepKey: 'so-ket-1/reports',
      step: reports,
      awaits: 'report',
      audience: { role: 'body', body: body(tand) },
      deadline: deadline('2023-10-05', 'so-ket-1/reports'),
      answer: { command: report('tand') },
      areas,
    }),
    finalReport: request(l, {
      kind: 'reminder',
      slot: '0 days',
      stepKey: 'tong-ket/reports',
      step: { ...tongKet, label: { vi: 'Báo cáo tổng kết', en: 'Reports for the final review' } },
      awaits: 'report',
      deadline: deadline('2026-06-16', 'tong-ket/reports'),
      answer: { command: report('hdnd', 'final') },
      areas,
    }),
    signature: request(l, {
      kind: 'reminder',
      slot: '7 working days',
      stepKey: 'signing',
      step: signing,
      deadline: deadline('2022-10-20', 'signing'),
      answer: { command: { kind: 'sign', body: 'hdnd', signer: hdnd.signatory.name } },
    }),
    draft: request(l, {
      kind: 'reminder',
      slot: '7 working days',
      stepKey: 'drafting',
      step: drafting,
      audience: { role: 'secretariat' },
      to: reg.secretariat.contacts,
      deadline: deadline('2022-09-16', 'drafting'),
      answer: { command: { kind: 'draft', version: 'v1' } },
    }),
  }),
  escalation: (l) => ({
    comments: request(l, {
      kind: 'escalation',
      slot: 'escalation-1',
      stepKey: 'consultation/round-1',
      step: consultation,
      audience: { role: 'leaders', body: body(tand) },
      to: tand.leaders,
      cc: reg.secretariat.contacts,
      deadline: deadline('2022-09-22', 'consultation/round-1'),
      pendingBodies: [tand.name],
    }),
    report: request(l, {
      kind: 'escalation',
      slot: 'escalation-1',
      stepKey: 'so-ket-1/reports',
      step: reports,
      awaits: 'report',
      audience: { role: 'leaders', body: body(tand) },
      to: tand.leaders,
      deadline: deadline('2023-10-05', 'so-ket-1/reports'),
      pendingBodies: [tand.name],
    }),
    signature: request(l, {
      kind: 'escalation',
      slot: 'escalation-2',
      stepKey: 'signing',
      step: signing,
      audience: { role: 'leaders', body: body(tand) },
      to: tand.leaders,
      deadline: deadline('2022-10-20', 'signing'),
      pendingBodies: [tand.name],
    }),
    secretariatLate: request(l, {
      kind: 'escalation',
      slot: 'escalation-1',
      stepKey: 'drafting',
      step: drafting,
      audience: { role: 'leaders', body: body(hdnd) },
      to: hdnd.leaders,
      deadline: deadline('2022-09-16', 'drafting'),
      pendingBodies: [],
    }),
    outcome: request(l, {
      kind: 'escalation',
      slot: 'escalation-1',
      stepKey: 'so-ket-1/outcome',
      step: {
        ...soKet1,
        label: { vi: 'Ghi nhận kết luận sơ kết lần 1', en: 'Record the outcome of the preliminary review 1' },
      },
      awaits: 'outcome',
      audience: { role: 'secretariat' },
      to: reg.secretariat.contacts,
      deadline: deadline('2023-10-19', 'so-ket-1/outcome'),
    }),
    maxRounds: request(l, {
      kind: 'escalation',
      stepKey: 'consultation/round-3/max-rounds',
      step: {
        stage: 'revision',
        label: { vi: 'Đã hết 3 vòng góp ý mà chưa thống nhất', en: '3 consultation rounds used without agreement' },
      },
      audience: { role: 'leaders', body: body(hdnd) },
      to: hdnd.leaders,
      summary: [
        {
          vi: 'Lãnh đạo cần quyết định cho thêm một vòng góp ý (gia hạn "rounds").',
          en: 'The leaders must grant another round (extend deadline "rounds").',
        },
      ],
    }),
  }),
  'comment-table': (l) => ({
    table: request(l, {
      kind: 'comment-table',
      stepKey: 'consultation/round-1/comment-table',
      step: { stage: 'revision', round: 1, label: consultation.label },
      awaits: 'revised-draft',
      audience: { role: 'secretariat' },
      to: reg.secretariat.contacts,
      deadline: deadline('2022-09-29', 'revision/round-1'),
      comments: [
        { body: body(hdnd), decision: 'agree', text: '—' },
        {
          id: 'tand-1',
          body: body(tand),
          decision: 'request-changes',
          reference: FREE.reference,
          submittedBy: FREE.submittedBy,
          area: areas[3],
          text: FREE.comment,
        },
        {
          id: 'tand-2',
          body: body(tand),
          decision: 'request-changes',
          reference: FREE.reference,
          submittedBy: FREE.submittedBy,
          area: areas[1],
          text: FREE.comment2,
        },
        {
          body: {
            id: 'vks',
            name: {
              vi: 'Ban Cán sự Đảng Viện kiểm sát nhân dân tỉnh',
              en: "Party Affairs Committee of the Provincial People's Procuracy",
            },
          },
          decision: 'consent-by-silence',
          text: '',
        },
      ],
    }),
    exhausted: request(l, {
      kind: 'comment-table',
      stepKey: 'consultation/round-3/comment-table',
      step: {
        stage: 'revision',
        round: 3,
        label: { vi: 'Góp ý dự thảo v3 (vòng 3)', en: 'Comments on draft v3 (round 3)' },
      },
      awaits: 'revised-draft',
      audience: { role: 'secretariat' },
      to: reg.secretariat.contacts,
      summary: [
        {
          vi: 'Đã hết số vòng góp ý: thời hạn gửi dự thảo chỉnh lý được ấn định khi lãnh đạo các cơ quan đồng ý cho thêm một vòng.',
          en: 'Every consultation round is used: the revised draft gets its deadline when the leaders grant another round.',
        },
      ],
      comments: [{ body: body(tand), decision: 'request-changes', area: areas[0], text: FREE.comment }],
    }),
  }),
  'signing-invitation': (l) => ({
    session: request(l, {
      kind: 'signing-invitation',
      slot: 'invitation-1',
      stepKey: 'signing',
      step: signing,
      audience: { role: 'signatory', body: body(hdnd) },
      to: [...hdnd.leaders, ...hdnd.contacts],
      deadline: deadline('2022-10-20', 'signing'),
      document,
      meeting: { ...meeting, at: '2022-10-20T02:00:00.000Z', uid: `${ID}/signing-session@regulations.local` },
      answer: { command: { kind: 'sign', body: 'hdnd', signer: hdnd.signatory.name } },
    }),
    noSession: request(l, {
      kind: 'signing-invitation',
      slot: 'invitation-1',
      stepKey: 'signing',
      step: signing,
      audience: { role: 'signatory', body: body(tand) },
      to: tand.leaders,
      deadline: deadline('2022-10-20', 'signing'),
      document,
      answer: { command: { kind: 'sign', body: 'tand', signer: tand.signatory.name } },
    }),
  }),
  'review-report-request': (l) => ({
    soKet: request(l, {
      kind: 'review-report-request',
      stepKey: 'so-ket-1/reports',
      step: soKet1,
      awaits: 'report',
      deadline: deadline('2023-10-05', 'so-ket-1/reports'),
      meeting,
      answer: { link: 'https://portal.example.org/r/token', command: report('hdnd') },
      areas,
    }),
    tongKet: request(l, {
      kind: 'review-report-request',
      stepKey: 'tong-ket/reports',
      step: tongKet,
      awaits: 'report',
      deadline: deadline('2026-06-16', 'tong-ket/reports'),
      meeting: { ...meeting, at: '2026-06-30T02:00:00.000Z' },
      answer: { command: report('hdnd', 'final') },
      areas,
    }),
  }),
  'review-meeting-invitation': (l) => ({
    leaders: request(l, {
      kind: 'review-meeting-invitation',
      stepKey: 'so-ket-1/meeting',
      step: soKet1,
      audience: { role: 'leaders', body: body(hdnd) },
      to: hdnd.leaders,
      meeting,
    }),
  }),
  'review-outcome': (l) => ({
    continue: request(l, {
      kind: 'review-outcome',
      stepKey: 'so-ket-1/outcome',
      step: soKet1,
      outcome: { decision: 'continue' },
    }),
    amend: request(l, {
      kind: 'review-outcome',
      stepKey: 'so-ket-2/outcome',
      step: { ...soKet1, review: 2, label: { vi: 'Sơ kết lần 2', en: 'Preliminary review 2' } },
      outcome: { decision: 'amend', notes: FREE.reviewNotes },
    }),
    end: request(l, {
      kind: 'review-outcome',
      stepKey: 'tong-ket/outcome',
      step: tongKet,
      audience: { role: 'secretariat' },
      to: reg.secretariat.contacts,
      outcome: { decision: 'end', notes: FREE.notes },
    }),
  }),
  'closing-summary': (l) => ({
    closed: request(l, {
      kind: 'closing-summary',
      stepKey: 'closed',
      step: {
        stage: 'closed',
        label: { vi: 'Tổng kết và kết thúc quy chế', en: 'Final review and close of the regulation' },
      },
      closing: {
        effectiveDate: '2022-10-19',
        rounds: 2,
        preliminaryReviews: 3,
        lastReview: { kind: 'tong-ket', n: 1, decision: 'end', notes: FREE.notes },
      },
    }),
    endedAtSoKet: request(l, {
      kind: 'closing-summary',
      stepKey: 'closed',
      step: {
        stage: 'closed',
        label: { vi: 'Tổng kết và kết thúc quy chế', en: 'Final review and close of the regulation' },
      },
      audience: { role: 'leaders', body: body(tand) },
      to: tand.leaders,
      closing: {
        effectiveDate: '2022-10-19',
        rounds: 1,
        preliminaryReviews: 1,
        lastReview: { kind: 'so-ket', n: 1, decision: 'end' },
      },
    }),
  }),
  'information-exchange': (l) => ({
    exchange: request(l, {
      kind: 'information-exchange',
      stepKey: 'exchange-1',
      step: {
        stage: 'in-force',
        label: {
          vi: `Trao đổi thông tin: ${FREE.exchangeSubject}`,
          en: `Information exchanged: ${FREE.exchangeSubject}`,
        },
      },
      exchange: {
        from: tand.name,
        to: [hdnd.name],
        subject: FREE.exchangeSubject,
        summary: FREE.exchangeSummary,
        link: 'https://docs.example.org/hoi-tham.pdf',
      },
    }),
  }),
  'deadline-changed': (l) => ({
    changed: request(l, {
      kind: 'deadline-changed',
      slot: 'calendar-1',
      stepKey: 'consultation/round-1',
      step: consultation,
      deadline: { ...deadline('2027-02-18', 'consultation/round-1'), sequence: 1 },
      document,
      change: { from: '2027-02-17', daysOff: [{ from: '2027-02-05', to: '2027-02-15', reason: FREE.holiday }] },
    }),
  }),
  'deadline-extended': (l) => ({
    extended: request(l, {
      kind: 'deadline-extended',
      slot: 'extension-1',
      stepKey: 'consultation/round-1',
      step: consultation,
      deadline: { ...deadline('2022-10-06', 'consultation/round-1'), sequence: 1 },
      document,
      summary: [{ vi: FREE.reason, en: FREE.reason }],
    }),
  }),
  'delivery-failure': (l) => ({
    bounce: request(l, {
      kind: 'delivery-failure',
      slot: 'failure:reminder:3 working days',
      stepKey: 'consultation/round-1',
      step: consultation,
      audience: { role: 'secretariat' },
      to: reg.secretariat.contacts,
      deadline: deadline('2022-09-22', 'consultation/round-1'),
      failure: { recipient: 'khongton@tand.example.com', reason: FREE.bounce, kind: 'reminder' },
    }),
  }),
  'stage-notice': (l) => ({
    effective: request(l, {
      kind: 'stage-notice',
      stepKey: 'effective',
      step: { stage: 'in-force', label: { vi: 'Quy chế có hiệu lực', en: 'The regulation is in force' } },
      effectiveDate: '2022-10-19',
    }),
    withdrawn: request(l, {
      kind: 'stage-notice',
      stepKey: 'withdrawn',
      step: { stage: 'withdrawn', label: { vi: 'Rút quy chế', en: 'Regulation withdrawn' } },
      summary: [{ vi: `Lý do: ${FREE.withdrawReason}`, en: `Reason: ${FREE.withdrawReason}` }],
    }),
  }),
};

const LOCALES: Locale[] = ['vi', 'en'];
const CASES = (Object.keys(FIXTURES) as MailKind[]).flatMap((kind) =>
  LOCALES.flatMap((locale) =>
    Object.entries(FIXTURES[kind](locale)).map(([variant, req]) => ({
      name: `${kind}/${variant} (${locale})`,
      kind,
      locale,
      req,
    })),
  ),
);

// ---- what a reader trips over ----

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const CODES = ['continue', 'amend', 'end', 'agree', 'request-changes', 'consent-by-silence'];

/** The text without its command lines (indented by four spaces): commands are the one place codes and ids belong. */
function prose(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('    '))
    .join('\n');
}

/** The HTML's visible text without <pre> command blocks and tags. */
function htmlProse(html: string): string {
  return visibleText(html.replace(/<pre[^>]*>[\s\S]*?<\/pre>/g, '\n'));
}

/** Removes the words people typed and the names of people, which are shown as written. */
function withoutFreeText(s: string): string {
  return without(s, [...Object.values(FREE), ...PEOPLE]);
}

function without(s: string, texts: string[]): string {
  let out = s;
  for (const f of [...texts].sort((a, b) => b.length - a.length))
    out = out.split(f).join(' ').split(escapeHtml(f)).join(' ');
  return out;
}

/** Splits a pasted command as a POSIX shell would (quotes, backslash-newline); refuses what a shell would read as a redirect or pipe. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const s = command.replace(/\\\n/g, ' ');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') {
      word ??= '';
      for (i++; i < s.length && s[i] !== '"'; i++)
        word += s[i] === '\\' && '"\\$`'.includes(s[i + 1] ?? '') ? s[++i] : s[i];
      if (i >= s.length) throw new Error(`unclosed quote in: ${command}`);
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ("<>|&;$`'(){}".includes(c)) {
      throw new Error(`"${c}" outside quotes would not paste as meant: ${command}`);
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The commands of an email's text: each starts at an indented `npx regulation` line and runs over its continuation lines. */
function commandsIn(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('    npx regulation ')) continue;
    let cmd = lines[i]!.slice(4);
    while (cmd.endsWith('\\') && i + 1 < lines.length) cmd += `\n${lines[++i]!.slice(4)}`;
    out.push(cmd);
  }
  return out;
}

/** Parses a command with the real CLI's options and parsers (without running it); returns the subcommand's options. */
function parseWithCli(words: string[]): { name: string; operands: string[]; opts: Record<string, unknown> } {
  expect(words.slice(0, 2)).toEqual(['npx', 'regulation']);
  const sub = buildProgram().commands.find((c: Command) => c.name() === words[2]);
  if (!sub) throw new Error(`no command ${words[2]}`);
  const { operands, unknown } = sub.parseOptions(words.slice(3));
  expect(unknown).toEqual([]);
  return { name: sub.name(), operands, opts: sub.opts() };
}

function preview(name: string, m: RenderedMail): void {
  const dir = process.env.MAIL_PREVIEW_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '');
  fs.writeFileSync(
    path.join(dir, `${file}.html`),
    m.html.replace(
      '<body>',
      `<body><p style="font:bold 15px Arial;border-bottom:1px solid #ccc">${escapeHtml(m.subject)}</p>`,
    ),
  );
  fs.writeFileSync(path.join(dir, `${file}.txt`), `Subject: ${m.subject}\n\n${m.text}`);
}

describe.each(CASES)('$name', ({ name, kind, locale, req }) => {
  const m = renderMail(req, req.to[0]!);
  preview(name, m);
  const all = [m.subject, m.text, m.html];

  test('no undefined, null, NaN or [object Object]', () => {
    for (const s of all) expect(s).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/);
  });

  test('no ISO dates: every date as the reader’s language writes it', () => {
    for (const s of all) expect(s).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  test('no raw decision codes', () => {
    for (const s of [m.subject, prose(m.text), htmlProse(m.html)]) {
      expect(s).not.toMatch(/request-changes|consent-by-silence/);
      // A code standing where a word belongs: after a colon and not part of a phrase ("Kết luận tổng kết: end Kết luận…",
      // "Decision: agree."), or alone in a list item or table cell; "decided to end the regulation" is English, not a code.
      expect(s).not.toMatch(
        new RegExp(
          `:\\s*(${CODES.join('|')})(?=\\s*$|\\s*[.,;)]|\\s+\\p{Lu})|^\\s*-?\\s*(${CODES.join('|')})\\s*$`,
          'mu',
        ),
      );
      if (locale === 'vi') expect(s).not.toMatch(new RegExp(`\\b(${CODES.join('|')})\\b`));
    }
  });

  test('the subject says nothing twice', () => {
    const segments = m.subject
      .replace(/^\[[^\]]+\]\s*/, '')
      .split(' — ')
      .map(foldForCompare);
    const repeated = segments.flatMap((a, i) =>
      segments.filter((b, j) => i !== j && a.includes(b)).map((b) => `"${b}" again in "${a}"`),
    );
    expect(repeated).toEqual([]);
  });

  test('signed with the secretariat’s own name, in the reader’s language', () => {
    const name = reg.secretariat.name[locale];
    const lines = m.text.trimEnd().split('\n');
    expect(lines.slice(-3)).toEqual([
      name,
      '',
      expect.stringMatching(
        locale === 'vi' ? /^\(Thư gửi tự động; mã tham chiếu: / : /^\(Automatic message; reference: /,
      ),
    ]);
    expect(m.html).toContain(`<strong>${escapeHtml(name)}</strong>`);
  });

  if (locale === 'en') {
    test('no Vietnamese in the English copy, except what people wrote and their names', () => {
      for (const s of [m.subject, prose(m.text), htmlProse(m.html)])
        expect(withoutFreeText(s)).not.toMatch(VIETNAMESE_LETTER);
      expect(m.html).toContain('<html lang="en">');
    });
  }

  const perArea = req.answer?.command?.kind === 'feedback' || req.answer?.command?.kind === 'report';
  if (perArea) {
    test('an answer per area is asked for: every area with its id and title, and commands with the real ids', () => {
      for (const a of areas) {
        expect(m.text).toContain(`${a.id} — ${a.title[locale]}`);
        expect(m.html).toContain(escapeHtml(`${a.id} — ${a.title[locale]}`));
      }
      expect(m.text).not.toMatch(/AREA=TEXT|<area-id>|--comment AREA|--assessment AREA/);
      const option = req.answer!.command!.kind === 'feedback' ? '--comment' : '--assessment';
      const perAreaCommand = commandsIn(m.text).find((c) => c.includes(option));
      expect(perAreaCommand).toBeDefined();
      for (const a of areas) expect(perAreaCommand).toContain(`${option} ${a.id}=`);
    });
  }

  if (req.answer?.command) {
    test('every command line pastes as it is and parses with the real CLI', () => {
      const commands = commandsIn(m.text);
      expect(commands.length).toBeGreaterThan(0);
      for (const c of commands) {
        // Only the draft's address is the secretariat's to fill in: one quoted <…> placeholder, said so in the email.
        const placeholders = c.match(/"<[^">]+>"/g) ?? [];
        expect(placeholders).toHaveLength(req.answer!.command!.kind === 'draft' ? 1 : 0);
        const {
          name: sub,
          operands,
          opts,
        } = parseWithCli(shellWords(c.replace(/"<[^">]+>"/, 'https://docs.example.org/v9.pdf')));
        expect(operands).toEqual([ID]);
        const want = req.answer!.command!;
        expect(sub).toBe(want.kind);
        if (want.kind === 'feedback') {
          expect(opts).toEqual(expect.objectContaining({ body: want.body, round: want.round }));
          expect(Boolean(opts['agree']) !== Boolean(opts['requestChanges'])).toBe(true);
          if (opts['requestChanges'])
            expect((opts['comment'] as { area?: string }[]).map((x) => x.area)).toEqual(areas.map((a) => a.id));
        }
        if (want.kind === 'report') {
          expect(opts).toEqual(expect.objectContaining({ body: want.body, review: want.review }));
          if (opts['assessment'])
            expect((opts['assessment'] as { area?: string }[]).map((x) => x.area)).toEqual(areas.map((a) => a.id));
        }
        if (want.kind === 'sign')
          expect(opts).toEqual(expect.objectContaining({ body: want.body, signer: want.signer }));
        if (want.kind === 'draft') expect(opts).toEqual(expect.objectContaining({ version: want.version }));
      }
      // The same lines in the HTML, unwrapped in a <pre>.
      for (const c of commands) expect(m.html).toContain(escapeHtml(c));
    });
  }

  test(`the ${kind} reads its facts in words`, () => {
    expectWords(kind, req, m);
  });
});

/** Kind-specific words that must be there: decisions, nouns and dates as the reader's language writes them. */
function expectWords(kind: MailKind, req: MailRequest, m: RenderedMail): void {
  const vi = req.locale === 'vi';
  const text = m.text;
  switch (kind) {
    case 'closing-summary': {
      const c = req.closing!;
      if (c.lastReview.kind === 'tong-ket') {
        expect(text).toContain(
          vi
            ? 'Có hiệu lực từ Thứ Tư, 19/10/2022; 2 vòng góp ý; 3 lần sơ kết.'
            : 'In force since Wednesday, 19 October 2022; 2 consultation rounds; 3 preliminary reviews.',
        );
        expect(text).toContain(
          vi ? 'Kết luận tổng kết: chấm dứt thực hiện Quy chế.' : 'Conclusion of the final review: end the regulation.',
        );
        expect(text).toContain(
          vi ? `Ghi chú của hội nghị: ${FREE.notes}` : `Notes recorded at the meeting: “${FREE.notes}”`,
        );
      } else {
        expect(text).toContain(
          vi
            ? 'Kết luận sơ kết lần 1: chấm dứt thực hiện Quy chế.'
            : 'Conclusion of preliminary review 1: end the regulation.',
        );
        expect(text).toContain(vi ? '1 vòng góp ý; 1 lần sơ kết.' : '1 consultation round; 1 preliminary review.');
      }
      break;
    }
    case 'stage-notice':
      if (req.effectiveDate)
        expect(text).toContain(
          vi
            ? 'Quy chế có hiệu lực kể từ Thứ Tư, 19/10/2022.'
            : 'The regulation is in force from Wednesday, 19 October 2022.',
        );
      break;
    case 'feedback-request':
      if (req.handled) {
        expect(text).toContain(
          vi
            ? 'đối với dự thảo v1 (vòng 1) đã được tiếp thu, giải trình như sau:'
            : 'on draft v1 (round 1) were handled:',
        );
        expect(text).toContain(
          vi
            ? 'Không tiếp thu: Giữ nguyên: đã quy định tại Điều 5.'
            : 'Not accepted: Giữ nguyên: đã quy định tại Điều 5.',
        );
        expect(text).toContain(
          vi
            ? 'Tệp đính kèm: bang-tong-hop-tiep-thu-giai-trinh-y-kien-vong-1.docx.'
            : 'Attached: bang-tong-hop-tiep-thu-giai-trinh-y-kien-vong-1.docx.',
        );
      }
      break;
    case 'comment-table':
      if (req.deadline) {
        // Every comment by id, and the command that answers them all, pasteable as it is.
        expect(text).toMatch(
          new RegExp(
            `npx regulation answer-comments ${ID} --round 1 \\\\\n +--accepted tand-1 \\\\\n +--accepted tand-2\n`,
          ),
        );
        expect(m.subject).toBe(
          vi
            ? `[${ID}] Bảng tổng hợp ý kiến — Góp ý dự thảo v1 (vòng 1) — hạn gửi dự thảo chỉnh lý 29/09/2022`
            : `[${ID}] Table of comments — Comments on draft v1 (round 1) — revised draft due 29 Sep 2022`,
        );
        expect(text).toContain(
          vi
            ? 'Dự thảo đã tiếp thu, chỉnh lý cần được gửi trước 24:00 Thứ Năm, 29/09/2022'
            : 'The revised draft is due by 24:00 (end of day) on Thursday, 29 September 2022',
        );
        for (const w of vi
          ? ['Nhất trí', 'Đề nghị chỉnh sửa', 'Không trả lời (coi như nhất trí)']
          : ['Agree', 'Request changes', 'No answer (counted as consent)'])
          expect(text).toContain(`: ${w}`);
      } else
        expect(text).toContain(
          vi ? 'khi lãnh đạo các cơ quan đồng ý cho thêm một vòng' : 'when the leaders grant another round',
        );
      break;
    case 'reminder':
    case 'escalation': {
      const noun: Record<string, Localized> = {
        'consultation/round-1': { vi: 'ý kiến góp ý', en: 'comments' },
        'so-ket-1/reports': { vi: 'báo cáo', en: 'report' },
        'tong-ket/reports': { vi: 'báo cáo', en: 'report' },
        signing: { vi: 'chữ ký', en: 'signature' },
        drafting: { vi: 'dự thảo', en: 'draft' },
        'so-ket-1/outcome': { vi: 'kết luận hội nghị', en: 'outcome of the meeting' },
      };
      const want = noun[req.stepKey];
      if (want && !req.summary) expect(text).toContain(want[req.locale]);
      if (req.stepKey.endsWith('/reports')) {
        // A report is not a comment (an area's own title may speak of voters' "ý kiến").
        expect(
          without(
            prose(text),
            areas.map((a) => a.title[req.locale]),
          ),
        ).not.toMatch(vi ? /ý kiến/ : /\bcomments?\b/);
      }
      break;
    }
    case 'review-outcome':
      expect(text).toContain(
        {
          continue: vi ? 'tiếp tục thực hiện Quy chế' : 'decided to continue the regulation as it is',
          amend: vi ? 'sửa đổi, bổ sung Quy chế' : 'decided to amend the regulation',
          end: vi ? 'chấm dứt thực hiện Quy chế' : 'decided to end the regulation',
        }[req.outcome!.decision],
      );
      break;
    case 'review-report-request':
      expect(m.subject).toMatch(
        vi
          ? /^\[[^\]]+\] Đề nghị báo cáo — (Sơ kết lần 1|Tổng kết) — hạn \d\d\/\d\d\/\d{4}$/
          : /^\[[^\]]+\] Request for report — (Preliminary review 1|Final review) — due \d+ \w{3} \d{4}$/,
      );
      break;
    case 'information-exchange':
      expect(m.subject).toBe(
        vi
          ? `[${ID}] Trao đổi thông tin: ${FREE.exchangeSubject} — ${tand.name.vi}`
          : `[${ID}] Information exchanged: ${FREE.exchangeSubject} — ${tand.name.en}`,
      );
      break;
    case 'deadline-extended':
      expect(text).toContain(vi ? `Lý do:\n  - ${FREE.reason}` : `Reason:\n  - ${FREE.reason}`);
      break;
    case 'deadline-changed':
      expect(text).toContain(
        vi
          ? 'từ Thứ Tư, 17/02/2027 thành 24:00 Thứ Năm, 18/02/2027'
          : 'from Wednesday, 17 February 2027 to 24:00 (end of day) on Thursday, 18 February 2027',
      );
      expect(m.subject).toContain(vi ? 'hạn mới 18/02/2027' : 'new deadline 18 Feb 2027');
      break;
    default:
      break;
  }
}

describe('morning digest', () => {
  test.each(LOCALES)('reads right in %s', (locale) => {
    const items = [FIXTURES.reminder(locale)['comments']!, FIXTURES.reminder(locale)['report']!];
    const m = renderDigest(items, CLERK, locale);
    preview(`digest (${locale})`, m);
    for (const s of [m.subject, m.text, m.html]) {
      expect(s).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]|\d{4}-\d{2}-\d{2}/);
    }
    if (locale === 'en') expect(withoutFreeText(prose(m.text))).not.toMatch(VIETNAMESE_LETTER);
    for (const a of areas) expect(m.text).toContain(`--assessment ${a.id}=`);
  });
});
