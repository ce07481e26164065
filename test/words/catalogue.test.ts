/**
 * One word per term, on every surface. Each term of domain/words (stages, decisions, handlings,
 * review outcomes, review names, mail kinds, step names, document titles) is rendered through
 * the email, the console's regulation page, the .docx, the CLI's status and export, and the
 * Temporal UI's details, from one lifecycle record; each surface must show the catalogue's word
 * and none may show a code (`request-changes`, `consultation/round-1`, `feedback-request`, …).
 */
import type { FastifyInstance } from 'fastify';

// The Temporal UI details are written with setCurrentDetails, which only works inside a workflow:
// capture what the Visibility class writes instead.
const details: string[] = [];
jest.mock('@temporalio/workflow', () => ({
  ...jest.requireActual('@temporalio/workflow'),
  setCurrentDetails: (s: string) => void details.push(s),
  upsertSearchAttributes: () => undefined,
}));

import { recordDocument, renderDocx, explanationTableData, explanationTableDocument } from '../../activities/documents';
import { renderMail } from '../../activities/mail/templates';
import { UserError, type RegulationsClient } from '../../client/api';
import { exportMarkdown } from '../../client/commands/export';
import { renderStatus } from '../../client/commands/status';
import { buildConsole } from '../../client/console/app';
import { loadRegulation } from '../../config/regulation';
import type { LifecycleState, LifecycleStatus, ReviewResult } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import type { MailKind, MailRequest } from '../../domain/mail';
import type { Stage } from '../../domain/regulation';
import {
  COMMENT_COLUMN,
  DECISION,
  DOCUMENT,
  HANDLING,
  LABELS,
  LIFECYCLE_STAGES,
  MAIL_KIND,
  NOT_ANSWERED,
  OUTCOME,
  STAGE,
  stepKeyLabel,
  TAKING_IN,
} from '../../domain/words';
import { Visibility } from '../../workflows/visibility';
import { documentXml, paragraphs, textOf } from '../documents/fixtures';
import { signInVia, type Visitor } from '../console/inject-support';
import { visibleText } from '../support/html-text';
import { LONG_AN } from '../support/lifecycle-harness';

const reg = loadRegulation(LONG_AN);
const ID = reg.id;
const AREA = reg.areas[0]!.id;
const AT = '2022-09-20T03:00:00.000Z';
const LOCALES: Locale[] = ['vi', 'en'];

/** Codes the workflows and the record use, which no reader should ever see as words. */
const CODES = [
  ...(Object.keys(MAIL_KIND) as MailKind[]),
  'request-changes',
  'consent-by-silence',
  'partly-accepted',
  'not-accepted',
  'changes-requested',
  'consultation/round-1',
  'revision/round-1',
  'so-ket-1',
  'so-ket',
  'tong-ket',
  'in-force',
];

const KINDS = Object.keys(MAIL_KIND) as MailKind[];

const review = (n: number, kind: ReviewResult['kind'], decision: 'continue' | 'amend' | 'end'): ReviewResult => ({
  n,
  kind,
  workflowId: `${ID}/${kind === 'so-ket' ? `so-ket-${n}` : 'tong-ket'}`,
  meetingDate: `${2022 + n}-11-03`,
  reports: { hdnd: { at: AT, assessments: { [AREA]: `Báo cáo lần ${n}.` } } },
  outcome: { decision, at: AT },
});

/** A record that holds every decision, handling, outcome and mail kind once. */
function record(stage: Stage): LifecycleStatus {
  return {
    regulationId: ID,
    title: reg.title,
    stage,
    cycle: 1,
    round: 2,
    now: '2026-12-01T03:00:00.000Z',
    clock: { realStart: new Date().toISOString(), scheduleStart: '2026-12-01T03:00:00.000Z', speedup: 1 },
    parties: [
      { body: 'hdnd', state: 'answered', decision: 'consent-by-silence' },
      { body: 'tand', state: 'answered', decision: 'request-changes' },
    ],
    rounds: [
      {
        n: 1,
        cycle: 1,
        draftVersion: 'v1',
        openedAt: AT,
        deadlineKey: 'consultation/round-1',
        closedAt: AT,
        result: 'changes-requested',
        answers: {
          tand: {
            decision: 'request-changes',
            at: AT,
            comments: [
              { area: AREA, text: 'Ý kiến thứ nhất.' },
              { area: AREA, text: 'Ý kiến thứ hai.' },
              { text: 'Ý kiến thứ ba.' },
            ],
          },
          hdnd: { decision: 'agree', at: AT, comments: [] },
        },
        responses: {
          'tand-1': { handling: 'accepted', at: AT },
          'tand-2': { handling: 'partly-accepted', explanation: 'Một phần.', at: AT },
          'tand-3': { handling: 'not-accepted', explanation: 'Đã có ở Điều 5.', at: AT },
        },
      },
      {
        n: 2,
        cycle: 1,
        draftVersion: 'v2',
        openedAt: AT,
        deadlineKey: 'consultation/round-2',
        closedAt: AT,
        result: 'agreed',
        answers: {
          tand: { decision: 'agree', at: AT, comments: [] },
          hdnd: { decision: 'consent-by-silence', at: AT, comments: [] },
        },
      },
    ],
    drafts: [{ version: 'v1', link: 'https://docs.example.org/v1.pdf', submittedAt: AT, cycle: 1 }],
    deadlines: [],
    signatures: {},
    reviews: [review(1, 'so-ket', 'continue'), review(2, 'so-ket', 'amend'), review(3, 'tong-ket', 'end')],
    nextReview: { n: 4, kind: 'so-ket', meetingDate: '2027-11-03', workflowId: `${ID}/so-ket-4` },
    exchanges: [],
    extensions: [
      {
        deadline: 'consultation/round-1',
        from: '2022-09-22',
        to: '2022-09-29',
        reason: 'Lãnh đạo đi công tác',
        at: AT,
      },
    ],
    mails: KINDS.map((kind) => ({
      kind,
      stepKey: 'consultation/round-1',
      to: ['a@example.org'],
      at: AT,
      date: '2022-09-20',
    })),
    run: 1,
    roundsExhausted: false,
  } as LifecycleStatus;
}

// ---- the surfaces, each as the text a reader sees ----

const secretariat = { name: 'Nguyễn Thị Thư Ký', email: 'thuky@vanphong.example.org' };

function mailRequest(kind: MailKind, locale: Locale, over: Partial<MailRequest> = {}): MailRequest {
  return {
    kind,
    locale,
    lifecycleId: ID,
    stepKey: 'consultation/round-1',
    regulation: { id: ID, title: reg.title },
    secretariat: { name: reg.secretariat.name },
    step: { stage: 'consultation', round: 1, label: LABELS.consultation('v1', 1) },
    audience: { role: 'secretariat' },
    ...over,
  } as MailRequest;
}

/** The email as a reader sees it: the subject and the text, without the command lines to paste and the support reference. */
function email(req: MailRequest): string {
  const m = renderMail(req, secretariat);
  const prose = m.text
    .split('\n')
    .filter((l) => !l.startsWith('    ') && !/mã tham chiếu|reference:/.test(l))
    .join('\n');
  return `${m.subject}\n${prose}`;
}

let app: FastifyInstance;
let operator: Visitor;
let shown: LifecycleStatus = record('consultation');
beforeAll(async () => {
  const mailed: { to: string; link: string }[] = [];
  const api = {
    status: async () => shown,
    liveStatus: async () => shown,
    // Every review in the record is over: none is open.
    reviewStatus: async () => {
      throw new UserError('no open review');
    },
    uiLink: (w: string) => `http://ui.example/${w}`,
  } as unknown as RegulationsClient;
  ({ app } = await buildConsole({
    port: 0,
    baseUrl: 'http://127.0.0.1:9',
    secret: 's'.repeat(40),
    api,
    regulationOf: async () => reg,
    running: async () => [{ lifecycleId: ID, regulation: reg }],
    mailer: async (to, link) => void mailed.push({ to, link }),
    operators: ['vanhanh@example.org'],
    signInRateLimit: 0,
  }));
  operator = await signInVia(app, mailed, 'vanhanh@example.org');
});
afterAll(() => app?.close());

/** The regulation's page as the browser shows it: tags dropped, entities decoded. */
async function consolePage(s: LifecycleStatus, locale: Locale): Promise<string> {
  shown = s;
  const page = await operator.get(`/regulations/${encodeURIComponent(ID)}?lang=${locale}`);
  expect(page.status).toBe(200);
  const main = page.body.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<(script|style)[\s\S]*?<\/\1>/g, '');
  return visibleText(main);
}

/** The .docx's paragraphs, one per line. */
async function docx(doc: Parameters<typeof renderDocx>[0]): Promise<string> {
  return paragraphs(documentXml(await renderDocx(doc)))
    .map(textOf)
    .join('\n');
}

/** The Temporal UI's details of a run at `stage`. */
function uiDetails(stage: Stage): string {
  details.length = 0;
  const state = {
    stage,
    cycle: 1,
    rounds: [],
    deadlines: {},
    signing: {},
    roundsExhausted: false,
    nextReview: { n: 1, kind: 'so-ket', meetingDate: '2023-11-03', workflowId: `${ID}/so-ket-1` },
  } as unknown as LifecycleState;
  new Visibility(
    reg,
    state,
    () => ({ allPending: () => [] }) as never,
    () => ({}) as never,
    ID,
  ).details();
  return details.join('\n');
}

/** The CLI's status page (the CLI speaks English). */
const cliStatus = (s: LifecycleStatus): string => renderStatus(s);

function noCode(surface: string, text: string): void {
  for (const code of CODES) {
    // A code is a whole token: "so-ket" inside a URL path of a link target is not shown text.
    const re = new RegExp(`(^|[^\\w/-])${code.replace(/[/-]/g, '\\$&')}($|[^\\w/-])`);
    if (re.test(text))
      throw new Error(`${surface} shows the code "${code}":\n${text.split('\n').find((l) => re.test(l))}`);
  }
}

const has = (surface: string, text: string, term: string): void => {
  if (!text.toLocaleLowerCase().includes(term.toLocaleLowerCase()))
    throw new Error(`${surface} does not word it "${term}"`);
};

describe.each(LOCALES)('%s', (locale) => {
  const w = (x: Localized): string => x[locale];

  test('decisions and handlings read the same in the email, the console, the .docx and (en) the CLI', async () => {
    const s = record('revision');
    const table = email(
      mailRequest('comment-table', locale, {
        stepKey: 'consultation/round-1/comment-table',
        comments: (['agree', 'request-changes', 'consent-by-silence'] as const).map((decision, i) => ({
          id: `tand-${i + 1}`,
          body: { id: 'tand', name: reg.bodies[1]!.name },
          decision,
          text: 'Ý kiến.',
        })),
      }),
    );
    const handled = email(
      mailRequest('feedback-request', locale, {
        audience: { role: 'body', body: { id: 'tand', name: reg.bodies[1]!.name } },
        handled: {
          round: 1,
          draftVersion: 'v1',
          comments: (['accepted', 'partly-accepted', 'not-accepted'] as const).map((handling, i) => ({
            id: `tand-${i + 1}`,
            text: 'Ý kiến.',
            handling,
            explanation: 'Giải trình.',
          })),
        },
      }),
    );
    const page = await consolePage(s, locale);
    const doc = await docx(recordDocument(s, reg, undefined, locale));
    const explained = await docx(
      explanationTableDocument(
        explanationTableData(s.rounds[0]!, reg, '2022-09-25'),
        undefined,
        reg.secretariat.name,
        locale,
      ),
    );
    const surfaces: [string, string][] = [
      ['email (comment table)', table],
      ['console page', page],
      ['.docx record', doc],
      ...(locale === 'en'
        ? ([
            ['CLI status', cliStatus(s)],
            ['CLI export', exportMarkdown(s)],
          ] as [string, string][])
        : []),
    ];
    for (const d of ['agree', 'request-changes', 'consent-by-silence'] as const)
      for (const [name, text] of surfaces) has(name, text, w(DECISION[d]));
    const handlingSurfaces: [string, string][] = [
      ['email (comments handled)', handled],
      ['console page', page],
      ['.docx record', doc],
      ['.docx table of comments', explained],
      ...(locale === 'en'
        ? ([
            // The status shows the answers to the comments of the round being revised: round 1's.
            ['CLI status', cliStatus({ ...s, rounds: [s.rounds[0]!] })],
            ['CLI export', exportMarkdown(s)],
          ] as [string, string][])
        : []),
    ];
    for (const h of ['accepted', 'partly-accepted', 'not-accepted'] as const)
      for (const [name, text] of handlingSurfaces) has(name, text, w(HANDLING[h]));
    // The heading of the column of answers: one term in the email, the console and the .docx.
    for (const [name, text] of [
      ['email (comments handled)', handled],
      ['console page', page],
      ['.docx table of comments', explained],
    ] as const)
      has(name, text, w(COMMENT_COLUMN.handling));
    // A comment not answered yet: one word in the email, the console, the .docx and the CLI.
    const unanswered = { ...s, rounds: [{ ...s.rounds[0]!, responses: {} }] };
    const unansweredMail = email(
      mailRequest('feedback-request', locale, {
        audience: { role: 'body', body: { id: 'tand', name: reg.bodies[1]!.name } },
        handled: { round: 1, draftVersion: 'v1', comments: [{ id: 'tand-1', text: 'Ý kiến.' }] },
      }),
    );
    for (const [name, text] of [
      ['email (comments handled)', unansweredMail],
      ['console page', await consolePage(unanswered, locale)],
      ['.docx record', await docx(recordDocument(unanswered, reg, undefined, locale))],
      [
        '.docx table of comments',
        await docx(
          explanationTableDocument(
            explanationTableData(unanswered.rounds[0]!, reg, '2022-09-25'),
            undefined,
            reg.secretariat.name,
            locale,
          ),
        ),
      ],
      ...(locale === 'en' ? ([['CLI status', cliStatus(unanswered)]] as [string, string][]) : []),
    ] as const)
      has(name, text, w(NOT_ANSWERED));
    // The document's own name, the same in the email that asks for it and the console; the .docx
    // is a "Báo cáo" whose subject is the same term (tổng hợp, tiếp thu, giải trình ý kiến).
    for (const [name, text] of [
      ['email (comment table)', table],
      ['console page', page],
    ] as const)
      has(name, text, w(DOCUMENT.commentTable));
    for (const [name, text] of [
      ['email (comment table)', table],
      ['console page', page],
      ['.docx table of comments', explained],
    ] as const)
      has(name, text, w(TAKING_IN));
    has('.docx table of comments', explained, w(DOCUMENT.report));
    for (const [name, text] of [...surfaces, ...handlingSurfaces, ['.docx table of comments', explained]] as const)
      noCode(name, text);
  });

  test('review outcomes and review names read the same everywhere', async () => {
    const s = record('in-force');
    const page = await consolePage(s, locale);
    const doc = await docx(recordDocument(s, reg, undefined, locale));
    const cli: [string, string][] =
      locale === 'en'
        ? [
            ['CLI status', cliStatus(s)],
            ['CLI export', exportMarkdown(s)],
          ]
        : [];
    for (const r of s.reviews) {
      const outcome = w(OUTCOME[r.outcome!.decision]);
      const mail = email(
        mailRequest('review-outcome', locale, {
          stepKey: `so-ket-${r.n}/outcome`,
          step: { stage: 'review', review: r.n, label: LABELS.reviewOutcome(r.kind, r.n) },
          outcome: { decision: r.outcome!.decision },
        }),
      );
      const name = w(LABELS.review(r.kind, r.n));
      for (const [surface, text] of [
        ['email (outcome)', mail],
        ['console page', page],
        ['.docx record', doc],
        ...cli,
      ] as const) {
        has(surface, text, outcome);
        noCode(surface, text);
      }
      for (const [surface, text] of [['console page', page], ['.docx record', doc], ...cli] as const)
        has(surface, text, name);
    }
    has('Temporal UI', uiDetails('in-force'), LABELS.review('so-ket', 1).en);
  });

  test.each(LIFECYCLE_STAGES)('the stage %s reads the same everywhere', async (stage) => {
    const s = record(stage);
    const notice = email(mailRequest('stage-notice', locale, { stepKey: stage, step: { stage, label: STAGE[stage] } }));
    const page = await consolePage(s, locale);
    const doc = await docx(recordDocument(s, reg, undefined, locale));
    const ui = uiDetails(stage);
    const surfaces: [string, string][] = [
      ['email (stage notice)', notice],
      ['console page', page],
      ['.docx record', doc],
      ['Temporal UI', ui],
      ...(locale === 'en'
        ? ([
            ['CLI status', cliStatus(s)],
            ['CLI export', exportMarkdown(s)],
          ] as [string, string][])
        : []),
    ];
    for (const [name, text] of surfaces) {
      has(name, text, w(STAGE[stage]));
      noCode(name, text);
    }
    // The Temporal UI shows both languages, whatever the reader's.
    has('Temporal UI', ui, STAGE[stage].vi);
  });

  test('every mail kind and its step are named, not coded, wherever sent emails are listed', async () => {
    const s = record('consultation');
    const page = await consolePage(s, locale);
    const doc = await docx(recordDocument(s, reg, undefined, locale));
    const step = w(stepKeyLabel('consultation/round-1', () => 'v1')!);
    expect(step).toBe(w(LABELS.consultation('v1', 1)));
    const listings: [string, string][] = [
      ['console page', page],
      ['.docx record', doc],
      ...(locale === 'en' ? ([['CLI export', exportMarkdown(s)]] as [string, string][]) : []),
    ];
    for (const kind of KINDS) for (const [name, text] of listings) has(name, text, w(MAIL_KIND[kind]));
    for (const [name, text] of listings) noCode(name, text);
    has('console page', page, `${w(MAIL_KIND['feedback-request'])} · ${step}`);
    if (locale === 'en') has('CLI export', exportMarkdown(s), step);
    // The email itself opens its subject with the same name.
    const subject = renderMail(mailRequest('feedback-request', locale), secretariat).subject;
    expect(subject).toContain(`] ${w(MAIL_KIND['feedback-request'])} — ${step}`);
  });
});

test('a code a surface would show is caught', () => {
  // The checks above fail on a surface that words a term differently or shows its code.
  expect(() => noCode('a surface', 'Ý kiến: request-changes')).toThrow('shows the code "request-changes"');
  expect(() => noCode('a surface', 'feedback-request · consultation/round-1')).toThrow();
  expect(() => has('a surface', 'Ý kiến: Đồng ý', DECISION.agree.vi)).toThrow('does not word it "Nhất trí"');
});
