/**
 * Update validators: pure checks of an update against the lifecycle state. A validator that
 * throws rejects the update before it reaches history, and its message is what the clerk
 * sees, so each one names the problem and what to do instead.
 */
import type {
  AnswerCommentsInput,
  ExtendDeadlineInput,
  Round,
  RecordReviewOutcomeInput,
  SubmitReviewReportInput,
  LifecycleState,
  LogExchangeInput,
  RecordSignatureInput,
  ReplanInput,
  ScheduleSigningInput,
  SubmitDraftInput,
  SubmitFeedbackInput,
  WithdrawInput,
} from '../domain/lifecycle';
import type { Regulation } from '../domain/regulation';
import { commentRows } from '../domain/comments';
import { checkInput } from '../domain/inputs';
import { InputRefusal } from '../domain/text';
import { REPORT_SECTIONS } from '../domain/lifecycle';

/**
 * Limits on what one update may write. Each update's input is written to history and the texts
 * of an open round travel in the carried state and the comment-table activity, so totals are
 * capped, not just each text: with them the largest payload stays well under 256 KB (README).
 */
export const LIMITS = {
  /** One text field (a comment, a note, a summary, a reason). */
  text: 10000,
  /** All comments of one answer together. */
  answerTotal: 10000,
  comments: 200,
  /** All areas of one review report together. */
  reportTotal: 10000,
  /** A review outcome's notes. */
  notes: 2000,
  /** A draft's note and an exchange's summary. */
  note: 2000,
  /** One explanation of how a comment was handled. */
  explanation: 2000,
  /** All explanations of one round together (they are carried while the round is revised). */
  explanationTotal: 20000,
} as const;

const HANDLINGS = ['accepted', 'partly-accepted', 'not-accepted'] as const;

/**
 * The ids of a round's comments, in table order: "<body id>-<n>", n counting from 1 in that
 * body's answer. Counts come from the carried summary once the texts are compacted.
 */
export function commentIds(reg: Regulation, round: Round): string[] {
  return commentRows(
    round,
    reg.bodies.map((b) => b.id),
  ).map((r) => r.id);
}

/** Comments of the round that have no answer yet. */
export function unansweredComments(reg: Regulation, round: Round): string[] {
  return commentIds(reg, round).filter((id) => !round.responses?.[id]);
}

function listed(ids: string[]): string {
  return ids.length > 8 ? `${ids.slice(0, 8).join(', ')} and ${ids.length - 8} more` : ids.join(', ');
}

/** Who did it, when the caller says (the console: the signed-in address; a clerk: a name): one short line. */
function checkSubmittedBy(i: { submittedBy?: unknown }): void {
  const by = i?.submittedBy;
  if (by === undefined) return;
  if (typeof by !== 'string' || !by.trim() || by.length > 200 || /[\r\n\t]/.test(by))
    reject(
      'submittedBy: give the name or email address of the person who acts, on one line of at most 200 characters, or leave it out',
    );
}

export class RejectedUpdate extends Error {
  override name = 'RejectedUpdate';
}

function reject(message: string): never {
  throw new RejectedUpdate(message);
}

/**
 * The input rules of domain/inputs.ts on what arrived: no unknown key, no control character in a
 * one-line field, no `\r` in a multi-line one, links http(s). Run first, so the messages after it
 * may quote the input. Stricter than before, which is safe: validators do not run on replay.
 */
export function validateText(update: string, i: unknown): void {
  try {
    checkInput(update, i);
  } catch (err) {
    if (err instanceof InputRefusal) reject(err.message);
    throw err;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function knownBody(reg: Regulation, body: string, field = 'body'): void {
  if (!reg.bodies.some((b) => b.id === body))
    reject(`${field}: unknown body "${body}": use one of ${reg.bodies.map((b) => b.id).join(', ')}`);
}

function required(value: string | undefined, field: string, hint: string): void {
  if (typeof value !== 'string' || value.trim() === '') reject(`${field}: is empty: ${hint}`);
  if (value.length > LIMITS.text)
    reject(`${field}: is longer than ${LIMITS.text} characters: shorten it or link a document`);
}

function isFinished(s: LifecycleState): boolean {
  return s.stage === 'closed' || s.stage === 'withdrawn';
}

function open(s: LifecycleState): void {
  if (isFinished(s)) reject(`the lifecycle is ${s.stage}: nothing more can be recorded`);
}

export function currentRound(s: LifecycleState) {
  return s.rounds[s.rounds.length - 1];
}

export function validateSubmitDraft(s: LifecycleState, reg: Regulation, i: SubmitDraftInput): void {
  validateText('submitDraft', i);
  checkSubmittedBy(i);
  open(s);
  if (s.stage !== 'drafting' && s.stage !== 'revision')
    reject(`a draft is not expected in stage ${s.stage}: drafts are submitted while drafting or revising`);
  if (s.roundsExhausted)
    reject(
      `all ${reg.schedule.maxRounds} consultation rounds are used: the leaders must grant another with extendDeadline --deadline rounds`,
    );
  required(i.version, 'version', 'give a label such as "v2"');
  if (s.drafts.some((d) => d.version === i.version))
    reject(`version: "${i.version}" was already submitted: use a new label`);
  required(i.link, 'link', 'give the URL of the draft document');
  if (i.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(i.sha256))
    reject('sha256: is not 64 hex digits: omit it or pass the file so it is computed');
  if (i.note !== undefined && i.note.length > LIMITS.note)
    reject(`note: is longer than ${LIMITS.note} characters: shorten it or put it in the draft document`);
  const last = currentRound(s);
  if (s.stage === 'revision' && last && reg.commentAnswers !== 'optional') {
    const open = unansweredComments(reg, last);
    if (open.length > 0)
      reject(
        `comments: ${open.length} comment${open.length > 1 ? 's' : ''} of round ${last.n} ha${open.length > 1 ? 've' : 's'} no answer yet (${listed(open)}): answer each with 'regulation answer-comments' (accepted, partly-accepted or not-accepted with the explanation) before the next draft goes out, or set commentAnswers: optional in the definition`,
      );
  }
}

export function validateSubmitFeedback(s: LifecycleState, reg: Regulation, i: SubmitFeedbackInput): void {
  validateText('submitFeedback', i);
  checkSubmittedBy(i);
  open(s);
  knownBody(reg, i.body);
  const round = currentRound(s);
  if (!round)
    reject('no draft has been sent for comments yet: feedback opens with round 1 after the draft is submitted');
  if (!Number.isInteger(i.round) || i.round < 1) reject(`round: ${i.round} is not a round number: use ${round.n}`);
  if (i.round > round.n) reject(`round: round ${i.round} has not started: the current round is ${round.n}`);
  if (i.round < round.n || round.closedAt !== undefined || s.stage !== 'consultation')
    reject(`round: round ${i.round} is closed: send comments on the next draft when its round opens`);
  const prior = round.answers[i.body];
  if (prior)
    reject(
      `body: ${i.body} already answered round ${round.n} (${prior.decision} at ${prior.at}): one answer per body and round`,
    );
  if (i.decision !== 'agree' && i.decision !== 'request-changes')
    reject(`decision: "${String(i.decision)}" is not a decision: use agree or request-changes`);
  for (const [n, c] of (i.comments ?? []).entries()) {
    if (c.area !== undefined && !reg.areas.some((a) => a.id === c.area))
      reject(
        `comments[${n}].area: unknown area "${c.area}": use one of ${reg.areas.map((a) => a.id).join(', ')} or omit it for a general comment`,
      );
    required(c.text, `comments[${n}].text`, 'write the comment');
  }
  if (i.decision === 'request-changes' && (i.comments ?? []).length === 0)
    reject('comments: requesting changes needs at least one comment saying what to change');
  if ((i.comments ?? []).length > LIMITS.comments)
    reject(`comments: more than ${LIMITS.comments} comments: attach them as a document and link it`);
  const total = (i.comments ?? []).reduce((n, c) => n + c.text.length, 0);
  if (total > LIMITS.answerTotal)
    reject(
      `comments: ${total} characters in all, more than ${LIMITS.answerTotal}: shorten them or attach them as a document and link it`,
    );
}

export function validateScheduleSigning(
  s: LifecycleState,
  _reg: Regulation,
  i: ScheduleSigningInput,
  nowMs: number,
): void {
  validateText('scheduleSigning', i);
  checkSubmittedBy(i);
  open(s);
  if (s.stage !== 'signing')
    reject(`signing can be scheduled once every body has agreed: the lifecycle is in ${s.stage}`);
  const at = Date.parse(i.at);
  if (Number.isNaN(at) || !/T\d{2}:\d{2}/.test(i.at))
    reject(`at: "${i.at}" is not a date and time: write e.g. 2022-11-10T09:00+07:00`);
  if (at <= nowMs) reject(`at: ${i.at} is in the past: choose a future date and time`);
  if (i.place !== undefined && i.place.length > 500) reject('place: is longer than 500 characters: shorten it');
}

export function validateRecordSignature(
  s: LifecycleState,
  reg: Regulation,
  i: RecordSignatureInput,
  nowMs: number,
): void {
  validateText('recordSignature', i);
  checkSubmittedBy(i);
  open(s);
  knownBody(reg, i.body);
  if (s.stage !== 'signing')
    reject(
      `a signature before agreement is not possible: the lifecycle is in ${s.stage}; bodies sign after every body agreed`,
    );
  if (s.signing.signatures[i.body]) reject(`body: ${i.body} already signed (${s.signing.signatures[i.body]!.signer})`);
  required(i.signer, 'signer', "give the signer's name");
  if (i.signedAt !== undefined) {
    const t = Date.parse(i.signedAt);
    if (Number.isNaN(t)) reject(`signedAt: "${i.signedAt}" is not a date and time: write e.g. 2022-11-10T09:30+07:00`);
    if (t > nowMs) reject(`signedAt: ${i.signedAt} is in the future: record a signature once it is made`);
  }
}

export function validateExtendDeadline(
  s: LifecycleState,
  reg: Regulation,
  i: ExtendDeadlineInput,
  today: string,
): void {
  validateText('extendDeadline', i);
  checkSubmittedBy(i);
  open(s);
  required(i.reason, 'reason', 'say why the deadline moves; it is kept for the audit');
  if (!DATE.test(i.to) || Number.isNaN(Date.parse(`${i.to}T00:00:00Z`)))
    reject(`to: "${i.to}" is not a date: write YYYY-MM-DD`);
  if (i.to <= today) reject(`to: ${i.to} is not in the future (today is ${today}): choose a later date`);
  if (i.deadline === 'rounds') {
    if (!s.roundsExhausted)
      reject(`deadline: "rounds" can be extended only after all ${reg.schedule.maxRounds} rounds are used`);
    return;
  }
  const entry = s.deadlines[i.deadline];
  if (!entry) {
    const open = Object.keys(s.deadlines);
    reject(
      `deadline: "${i.deadline}" is not an open deadline: use ${open.length ? open.join(', ') : '(none open now)'}`,
    );
  }
  if (i.to === entry.lastDay) reject(`to: ${i.to} is already the deadline of ${i.deadline}`);
}

export function validateLogExchange(s: LifecycleState, reg: Regulation, i: LogExchangeInput): void {
  validateText('logInformationExchange', i);
  checkSubmittedBy(i);
  open(s);
  knownBody(reg, i.from, 'from');
  if (!Array.isArray(i.to) || i.to.length === 0) reject('to: name at least one receiving body');
  i.to.forEach((b, n) => {
    knownBody(reg, b, `to[${n}]`);
    if (b === i.from) reject(`to[${n}]: "${b}" is the sender: name the bodies that receive the information`);
  });
  required(i.subject, 'subject', 'say what the information is about');
  if (i.subject.length > 300) reject('subject: is longer than 300 characters: shorten it');
  required(i.summary, 'summary', 'summarise the information exchanged');
  if (i.summary.length > LIMITS.note)
    reject(`summary: is longer than ${LIMITS.note} characters: shorten it and link the full text`);
}

export function validateAnswerComments(s: LifecycleState, reg: Regulation, i: AnswerCommentsInput): void {
  validateText('answerComments', i);
  checkSubmittedBy(i);
  open(s);
  const round = currentRound(s);
  if (!round) reject('no round has comments yet: comments are answered once a round has closed');
  if (!Number.isInteger(i.round) || i.round < 1)
    reject(`round: ${String(i.round)} is not a round number: use ${round.n}`);
  if (s.stage !== 'revision')
    reject(
      `comments are answered while the secretariat revises the draft: the lifecycle is in ${s.stage}${s.stage === 'consultation' ? `, round ${round.n} is still open` : ''}`,
    );
  if (i.round !== round.n)
    reject(`round: round ${i.round} is not the round under revision: answer the comments of round ${round.n}`);
  if (!Array.isArray(i.responses) || i.responses.length === 0)
    reject('responses: empty: give at least one comment id with accepted, partly-accepted or not-accepted');
  const ids = commentIds(reg, round);
  if (ids.length === 0) reject(`round ${round.n} has no comments to answer`);
  const known = new Set(ids);
  const seen = new Set<string>();
  let total = Object.entries(round.responses ?? {}).reduce(
    (n, [id, r]) =>
      n + (i.responses.some((x) => x?.comment === id) ? 0 : (r.explanation?.length ?? r.explained?.chars ?? 0)),
    0,
  );
  for (const [n, r] of i.responses.entries()) {
    const field = `responses[${n}]`;
    if (typeof r?.comment !== 'string' || !known.has(r.comment))
      reject(
        `${field}.comment: unknown comment "${String(r?.comment)}" in round ${round.n}: use one of ${listed(ids)}`,
      );
    if (seen.has(r.comment))
      reject(`${field}.comment: "${r.comment}" is answered twice in this update: give one answer per comment`);
    seen.add(r.comment);
    if (!(HANDLINGS as readonly string[]).includes(r.handling))
      reject(
        `${field}.handling: "${String(r.handling)}" is not a handling: use accepted, partly-accepted or not-accepted`,
      );
    const text = r.explanation;
    if (text !== undefined && typeof text !== 'string')
      reject(`${field}.explanation: is not a text: write the explanation`);
    if (r.handling !== 'accepted' && (!text || !text.trim()))
      reject(
        `${field}.explanation: is empty: "${r.handling}" needs the explanation (giải trình) of why ${r.comment} is ${r.handling === 'not-accepted' ? 'not taken in' : 'only partly taken in'}`,
      );
    if (text && text.length > LIMITS.explanation)
      reject(
        `${field}.explanation: is longer than ${LIMITS.explanation} characters: shorten it or put it in the revised draft's note`,
      );
    total += text?.length ?? 0;
  }
  if (total > LIMITS.explanationTotal)
    reject(
      `responses: the explanations of round ${round.n} would come to ${total} characters, more than ${LIMITS.explanationTotal}: shorten them`,
    );
}

export function validateWithdraw(s: LifecycleState, _reg: Regulation, i: WithdrawInput): void {
  validateText('withdraw', i);
  checkSubmittedBy(i);
  open(s);
  required(i.reason, 'reason', 'say why the regulation is withdrawn; it is kept for the audit');
}

/** A re-plan needs a calendar version, and a lifecycle still running. */
export function validateReplan(s: LifecycleState, i: ReplanInput): void {
  validateText('replanDeadlines', i);
  if (typeof i?.calendarVersion !== 'string' || !/^[0-9a-f]{6,64}$/.test(i.calendarVersion))
    reject('calendarVersion: not a calendar version: give the version printed by regulation calendar diff');
  if (s.stage === 'closed' || s.stage === 'withdrawn')
    reject(`the lifecycle is ${s.stage}: it has no deadline to re-plan`);
}

/** A review report: known areas, no empty text, and all areas together within the total. */
export function validateReviewReport(reg: Regulation, i: SubmitReviewReportInput): void {
  validateText('submitReviewReport', i);
  checkSubmittedBy(i);
  const entries = Object.entries(i.assessments ?? {});
  if (entries.length === 0) reject('assessments: empty: give an assessment for at least one area');
  const parts: readonly string[] = REPORT_SECTIONS;
  for (const [area, text] of entries) {
    if (!reg.areas.some((a) => a.id === area) && !parts.includes(area))
      reject(
        `assessments.${area}: unknown area: use one of ${reg.areas.map((a) => a.id).join(', ')} (or a part of the report: ${parts.join(', ')})`,
      );
    if (typeof text !== 'string' || !text.trim()) reject(`assessments.${area}: is empty: write the assessment`);
  }
  if (!entries.some(([k]) => reg.areas.some((a) => a.id === k)))
    reject('assessments: no area: give an assessment for at least one area besides the other parts of the report');
  const total = entries.reduce((n, [, t]) => n + t.length, 0);
  if (total > LIMITS.reportTotal)
    reject(`assessments: ${total} characters in all, more than ${LIMITS.reportTotal}: shorten them or link a document`);
}

/** A review outcome's notes stay short: the minutes belong in a linked document. */
export function validateReviewNotes(i: RecordReviewOutcomeInput): void {
  validateText('recordReviewOutcome', i);
  checkSubmittedBy(i);
  if (i.notes !== undefined && i.notes.length > LIMITS.notes)
    reject(`notes: is longer than ${LIMITS.notes} characters: shorten them and link the minutes`);
}
