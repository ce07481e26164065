/**
 * The console's forms for the CLI's actions: the fields each one shows, and how a submitted form
 * becomes the update. The workflow's own validators decide; their message is shown on the form.
 */
import { DateTime } from 'luxon';
import type { RegulationsClient } from '../api';
import type { LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import type { Regulation } from '../../domain/regulation';
import type { Action } from './access';
import { commentRows } from '../../domain/comments';
import { capitalized, DECISION, HANDLING, OUTCOME } from '../../domain/words';
import { unknownKeyProblem } from '../../domain/keys';
import { Refused } from './refusals';
import { opt } from './step-links';
import { formatDay } from '../portal/html';
import type { Field } from './views';

/** What a form is shown and submitted for. */
export interface ActionContext {
  lang: Locale;
  lifecycleId: string;
  regulation: Regulation;
  status: LifecycleStatus;
  /** The open review, for reports and outcomes. */
  review?: ReviewStatus;
  /** The body acted for (body actions and an exchange from a body). */
  body?: string;
  /** The signed-in address: recorded as submittedBy on every action. */
  email: string;
}

export const ACTION_TITLES: Record<Action, Localized> = {
  answers: { vi: 'Tiếp thu, giải trình ý kiến', en: 'Answer the comments' },
  draft: { vi: 'Nộp dự thảo', en: 'Submit a draft' },
  feedback: { vi: 'Góp ý dự thảo', en: 'Comment on the draft' },
  schedule: { vi: 'Ấn định lễ ký', en: 'Schedule the signing' },
  sign: { vi: 'Xác nhận đã ký', en: 'Confirm the signature' },
  report: { vi: 'Gửi báo cáo sơ kết/tổng kết', en: 'Send the review report' },
  outcome: { vi: 'Ghi kết luận cuộc họp', en: 'Record the meeting outcome' },
  extend: { vi: 'Gia hạn', en: 'Extend a deadline' },
  exchange: { vi: 'Ghi trao đổi thông tin', en: 'Log an information exchange' },
  withdraw: { vi: 'Rút quy chế', en: 'Withdraw the regulation' },
};

const L = {
  version: { vi: 'Phiên bản (ví dụ v1)', en: 'Version (e.g. v1)' },
  link: { vi: 'Đường dẫn văn bản', en: 'Link to the document' },
  note: { vi: 'Ghi chú', en: 'Note' },
  general: { vi: 'Ý kiến chung', en: 'General comment' },
  decision: { vi: 'Kết luận', en: 'Decision' },
  agree: { vi: `${DECISION.agree.vi} với dự thảo`, en: `${DECISION.agree.en} with the draft` },
  changes: DECISION['request-changes'],
  reference: { vi: 'Số công văn (nếu có)', en: 'Letter reference (if any)' },
  at: { vi: 'Thời gian (giờ địa phương)', en: 'Date and time (local time)' },
  place: { vi: 'Địa điểm', en: 'Place' },
  signer: { vi: 'Họ tên người ký', en: 'Name of the signer' },
  outcome: { vi: 'Kết luận', en: 'Decision' },
  continue: capitalized(OUTCOME.continue),
  amend: capitalized(OUTCOME.amend),
  end: capitalized(OUTCOME.end),
  notes: { vi: 'Ghi chú', en: 'Notes' },
  deadline: { vi: 'Thời hạn', en: 'Deadline' },
  to: { vi: 'Hạn mới', en: 'New last day' },
  reason: { vi: 'Lý do', en: 'Reason' },
  from: { vi: 'Cơ quan cung cấp', en: 'From' },
  receivers: { vi: 'Cơ quan nhận', en: 'To' },
  subject: { vi: 'Nội dung', en: 'Subject' },
  summary: { vi: 'Tóm tắt', en: 'Summary' },
  rounds: { vi: 'Thêm một vòng góp ý', en: 'One more consultation round' },
  accepted: HANDLING.accepted,
  partly: HANDLING['partly-accepted'],
  notAccepted: HANDLING['not-accepted'],
  explanation: { vi: 'Giải trình', en: 'Explanation' },
  explanationHint: {
    vi: 'Bắt buộc khi tiếp thu một phần hoặc không tiếp thu.',
    en: 'Required when partly or not accepted.',
  },
  generalArea: { vi: 'Ý kiến chung', en: 'General' },
} satisfies Record<string, Localized>;

/** The fields of `action`'s form, filled with `v` (values typed before a rejection). */
export function actionFields(action: Action, c: ActionContext, v: Record<string, string | string[]> = {}): Field[] {
  const t = (x: Localized): string => x[c.lang];
  const s = (name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const areas = (): Field[] =>
    c.regulation.areas.map((a) => ({
      name: `area.${a.id}`,
      label: t(a.title),
      kind: 'textarea',
      value: s(`area.${a.id}`),
    }));
  const bodies = c.regulation.bodies.map((b) => ({ value: b.id, label: t(b.name) }));
  switch (action) {
    case 'answers': {
      // Every comment of the round under revision, with its answer so far.
      const round = c.status.rounds[c.status.rounds.length - 1];
      if (!round || c.status.stage !== 'revision') return [];
      return commentRows(
        round,
        c.regulation.bodies.map((b) => b.id),
      ).flatMap((r): Field[] => {
        const body = c.regulation.bodies.find((b) => b.id === r.body);
        const area = r.area ? c.regulation.areas.find((a) => a.id === r.area) : undefined;
        return [
          {
            name: `handling.${r.id}`,
            label: `${r.id} — ${body ? t(body.name) : r.body} — ${area ? t(area.title) : t(L.generalArea)}: «${r.text ?? ''}»`,
            kind: 'radio',
            value: s(`handling.${r.id}`) ?? r.response?.handling,
            options: [
              { value: 'accepted', label: t(L.accepted) },
              { value: 'partly-accepted', label: t(L.partly) },
              { value: 'not-accepted', label: t(L.notAccepted) },
            ],
          },
          {
            name: `explanation.${r.id}`,
            label: `${t(L.explanation)} (${r.id})`,
            kind: 'textarea',
            hint: t(L.explanationHint),
            value: s(`explanation.${r.id}`) ?? r.response?.explanation,
          },
        ];
      });
    }
    case 'draft':
      return [
        { name: 'version', label: t(L.version), kind: 'text', required: true, value: s('version') },
        { name: 'link', label: t(L.link), kind: 'url', required: true, value: s('link') },
        { name: 'note', label: t(L.note), kind: 'textarea', value: s('note') },
      ];
    case 'feedback':
      return [
        ...areas(),
        { name: 'general', label: t(L.general), kind: 'textarea', value: s('general') },
        {
          name: 'decision',
          label: t(L.decision),
          kind: 'radio',
          required: true,
          value: s('decision'),
          options: [
            { value: 'agree', label: t(L.agree) },
            { value: 'request-changes', label: t(L.changes) },
          ],
        },
        { name: 'reference', label: t(L.reference), kind: 'text', value: s('reference') },
      ];
    case 'schedule':
      return [
        { name: 'at', label: t(L.at), kind: 'datetime', required: true, value: s('at') },
        { name: 'place', label: t(L.place), kind: 'text', value: s('place') },
      ];
    case 'sign':
      return [
        {
          name: 'signer',
          label: t(L.signer),
          kind: 'text',
          required: true,
          value: s('signer') ?? c.regulation.bodies.find((b) => b.id === c.body)?.signatory.name,
        },
      ];
    case 'report':
      return areas();
    case 'outcome':
      return [
        {
          name: 'decision',
          label: t(L.outcome),
          kind: 'radio',
          required: true,
          value: s('decision'),
          options: (['continue', 'amend', 'end'] as const).map((d) => ({ value: d, label: t(L[d]) })),
        },
        { name: 'notes', label: t(L.notes), kind: 'textarea', value: s('notes') },
      ];
    case 'extend': {
      const options = c.status.deadlines.map((d) => ({
        value: d.key,
        label: `${t(d.label)} (${formatDay(c.lang, d.lastDay, c.regulation.timezone)})`,
      }));
      if (c.status.roundsExhausted) options.push({ value: 'rounds', label: t(L.rounds) });
      return [
        { name: 'deadline', label: t(L.deadline), kind: 'select', required: true, value: s('deadline'), options },
        { name: 'to', label: t(L.to), kind: 'date', required: true, value: s('to') },
        { name: 'reason', label: t(L.reason), kind: 'textarea', required: true, value: s('reason') },
      ];
    }
    case 'exchange':
      return [
        c.body
          ? { name: 'from', label: t(L.from), kind: 'hidden', value: c.body }
          : { name: 'from', label: t(L.from), kind: 'select', required: true, value: s('from'), options: bodies },
        {
          name: 'to',
          label: t(L.receivers),
          kind: 'checks',
          value: Array.isArray(v.to) ? v.to : s('to') ? [s('to')!] : [],
          options: bodies.filter((b) => b.value !== c.body),
        },
        { name: 'subject', label: t(L.subject), kind: 'text', required: true, value: s('subject') },
        { name: 'summary', label: t(L.summary), kind: 'textarea', required: true, value: s('summary') },
        { name: 'link', label: t(L.link), kind: 'url', value: s('link') },
      ];
    case 'withdraw':
      return [{ name: 'reason', label: t(L.reason), kind: 'textarea', required: true, value: s('reason') }];
  }
}

/** Reads a posted form strictly: only the action's field names; one value each, except multi-choice fields. */
export function readActionForm(action: Action, c: ActionContext, body: unknown): Record<string, string | string[]> {
  if (typeof body !== 'object' || body === null) throw new Refused('badForm', c.lang);
  const fields = new Map(actionFields(action, c).map((f) => [f.name, f]));
  const out: Record<string, string | string[]> = {};
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'csrf') continue;
    const f = fields.get(name);
    if (!f) throw new Refused('badForm', c.lang, unknownKeyProblem(name, [...fields.keys()]));
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.some((x) => typeof x !== 'string' || x.length > 20_000)) throw new Refused('badForm', c.lang);
    if (f.kind === 'checks') out[name] = values as string[];
    else if (values.length !== 1) throw new Refused('badForm', c.lang);
    else out[name] = (values[0] as string).replace(/\r\n?/g, '\n');
  }
  return out;
}

/** Sends the action's update; a validator's rejection comes back as UserError. */
export async function runAction(
  api: RegulationsClient,
  action: Action,
  c: ActionContext,
  v: Record<string, string | string[]>,
): Promise<void> {
  const id = c.lifecycleId;
  const s = (name: string): string | undefined => (typeof v[name] === 'string' ? opt(v[name] as string) : undefined);
  const areaTexts = Object.fromEntries(
    c.regulation.areas.map((a) => [a.id, s(`area.${a.id}`)]).filter((e): e is [string, string] => e[1] !== undefined),
  );
  switch (action) {
    case 'answers': {
      const round = c.status.rounds[c.status.rounds.length - 1];
      const rows = round ? commentRows(round) : [];
      const responses = rows
        .filter((r) => s(`handling.${r.id}`))
        .map((r) => ({
          comment: r.id,
          handling: s(`handling.${r.id}`) as 'accepted',
          ...(s(`explanation.${r.id}`) ? { explanation: s(`explanation.${r.id}`) } : {}),
        }));
      await api.answerComments(id, { round: round?.n ?? 0, responses, submittedBy: c.email });
      return;
    }
    case 'draft':
      await api.submitDraft(id, {
        version: s('version') ?? '',
        link: s('link') ?? '',
        note: s('note'),
        submittedBy: c.email,
      });
      return;
    case 'feedback': {
      const comments = [
        ...Object.entries(areaTexts).map(([area, text]) => ({ area, text })),
        ...(s('general') ? [{ text: s('general')! }] : []),
      ];
      await api.submitFeedback(id, {
        body: c.body!,
        round: c.status.round ?? 0,
        decision: s('decision') as 'agree',
        comments,
        reference: s('reference'),
        submittedBy: c.email,
      });
      return;
    }
    case 'schedule': {
      // A datetime-local field has no zone: it is the regulation's local time.
      const local = s('at') ?? '';
      const at = DateTime.fromISO(local, { zone: c.regulation.timezone });
      await api.scheduleSigning(id, {
        at: at.isValid ? at.toISO({ suppressMilliseconds: true })! : local,
        place: s('place'),
        submittedBy: c.email,
      });
      return;
    }
    case 'sign':
      await api.recordSignature(id, { body: c.body!, signer: s('signer') ?? '', submittedBy: c.email });
      return;
    case 'report':
      await api.submitReviewReport(id, {
        body: c.body!,
        review: c.review?.n ?? 0,
        assessments: areaTexts,
        submittedBy: c.email,
        final: c.review?.kind === 'tong-ket',
      });
      return;
    case 'outcome':
      await api.recordReviewOutcome(id, {
        review: c.review?.n ?? 0,
        decision: s('decision') as 'continue',
        notes: s('notes'),
        final: c.review?.kind === 'tong-ket',
        submittedBy: c.email,
      });
      return;
    case 'extend':
      await api.extendDeadline(id, {
        deadline: s('deadline') ?? '',
        to: s('to') ?? '',
        reason: s('reason') ?? '',
        submittedBy: c.email,
      });
      return;
    case 'exchange': {
      const to = Array.isArray(v.to) ? v.to : s('to') ? [s('to')!] : [];
      await api.logInformationExchange(id, {
        from: c.body ?? s('from') ?? '',
        to,
        subject: s('subject') ?? '',
        summary: s('summary') ?? '',
        link: s('link'),
        submittedBy: c.email,
      });
      return;
    }
    case 'withdraw':
      await api.withdraw(id, { reason: s('reason') ?? '', submittedBy: c.email });
      return;
  }
}
