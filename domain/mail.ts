/**
 * The mail request model. Workflows build these (type import only) and pass them to the
 * send-mail activity, so everything here is plain serialisable data: no Dates, no secrets.
 */

import type { Locale, Localized } from './locale';
import type { Stage } from './regulation';

/** One addressee: display name and address. */
export interface Recipient {
  name: string;
  email: string;
}

/** What an email is for; drives the subject word, the body and whether a calendar invite is attached. */
export type MailKind =
  | 'feedback-request'
  | 'reminder'
  | 'escalation'
  | 'comment-table'
  | 'signing-invitation'
  | 'review-report-request'
  | 'review-meeting-invitation'
  | 'review-outcome'
  | 'closing-summary'
  | 'information-exchange'
  | 'deadline-extended'
  | 'deadline-changed'
  | 'delivery-failure'
  | 'stage-notice';

/** The stage an email is about: a lifecycle stage, or a sơ kết (review) or the tổng kết (final-review). */
export type MailStage = Stage | 'review' | 'final-review';

/** One comment of one body, as listed in the comment table (bảng tổng hợp ý kiến). */
export interface CommentEntry {
  /** "<body id>-<n>": what the secretariat's answer (answer-comments) names. */
  id?: string;
  body: { id: string; name: Localized };
  decision: 'agree' | 'request-changes' | 'consent-by-silence';
  /** Official letter number (số công văn), if the comment came as a letter. */
  reference?: string;
  submittedBy?: string;
  area?: { id: string; title: Localized };
  text: string;
}

/** How one of the recipient body's comments of the last round was handled (tiếp thu, giải trình). */
export interface HandledComment {
  id: string;
  area?: AreaRef;
  text: string;
  handling?: 'accepted' | 'partly-accepted' | 'not-accepted';
  explanation?: string;
}

/**
 * A document the activity builds from the workflow's history and attaches (the workflow names it,
 * the texts are read at send time so they are not copied into every request's history).
 */
export type DocumentAsk =
  | { kind: 'explanation-table'; round: number; draftVersion: string; nextDraftVersion?: string; date: string }
  | { kind: 'review-report'; date: string };

/** What a request, reminder or escalation waits for; decides the noun the email uses ("báo cáo", "ý kiến góp ý", …). */
export type Awaits = 'comments' | 'report' | 'signature' | 'draft' | 'revised-draft' | 'outcome';

/** A coordination area, for emails that ask for an answer per area. */
export interface AreaRef {
  id: string;
  title: Localized;
}

/**
 * The CLI command that answers a request; the template writes it out as complete lines that
 * can be pasted as they are (real lifecycle, body, round and area ids), in the reader's language.
 */
export type AnswerCommand =
  | { kind: 'feedback'; body: string; round: number }
  | { kind: 'report'; body: string; review: number | 'final' }
  | { kind: 'sign'; body: string; signer: string }
  | { kind: 'draft'; version: string };

/** What a closing summary reports: dates as data, decisions as codes; the template words them. */
export interface ClosingFacts {
  /** YYYY-MM-DD local; absent if the regulation never took effect. */
  effectiveDate?: string;
  rounds: number;
  preliminaryReviews: number;
  lastReview: { kind: 'so-ket' | 'tong-ket'; n: number; decision?: 'continue' | 'amend' | 'end'; notes?: string };
}

/** Everything needed to render and send one kind of email to a list of recipients. */
export interface MailRequest {
  kind: MailKind;
  /** Temporal workflow id of the lifecycle. */
  lifecycleId: string;
  /** Stable step id, e.g. "drafting", "consultation/round-2", "signing", "review-1/reports". */
  stepKey: string;
  /** Which reminder/escalation, e.g. "3 working days" or "escalation-2"; part of the ledger key. */
  slot?: string;
  locale: Locale;
  to: Recipient[];
  cc?: Recipient[];
  regulation: { id: string; title: Localized };
  audience: {
    role: 'body' | 'secretariat' | 'leaders' | 'signatory' | 'everyone';
    body?: { id: string; name: Localized };
  };
  /**
   * 2: the ledger key also names the audience's body, so a person who is the contact of two
   * bodies gets each body's message, each with its own Message-ID. Requests scheduled before carry
   * none and keep the key their first attempts used.
   */
  ledgerKey?: 2;
  /** label e.g. {vi:"Góp ý dự thảo lần 2", en:"Comments on draft 2"}. */
  step: { stage: MailStage; round?: number; review?: number; label: Localized };
  /** What the step waits for; default from the stage (consultation: comments, signing: signature, …). */
  awaits?: Awaits;
  /** The writer: the secretariat as the definition names it; emails are signed with it. */
  secretariat?: { name: Localized };
  /** lastDay: YYYY-MM-DD local (the period ends at 24:00 that day); at: that end as a UTC ISO instant. */
  /** `daysOff`: the named days off in the deadline's span, shown as one short "why this date" line. */
  deadline?: {
    lastDay: string;
    at: string;
    uid: string;
    sequence: number;
    daysOff?: { from: string; to: string; reason: string }[];
  };
  /** at: UTC ISO start of the meeting. */
  meeting?: { at: string; place?: string; uid: string; sequence: number };
  document?: { version: string; link: string; sha256?: string };
  /** How to answer: portal link, CLI command and/or free instructions. */
  answer?: { link?: string; command?: AnswerCommand; instructions?: Localized };
  /** The coordination areas, listed with their ids wherever an answer per area is asked for. */
  areas?: AreaRef[];
  /** YYYY-MM-DD local: the day the regulation (or its amendment) takes effect, for the in-force notice. */
  effectiveDate?: string;
  /** For the closing summary. */
  closing?: ClosingFacts;
  comments?: CommentEntry[];
  /** The recipient body's comments of the previous round and how each was handled (filled in by the activity). */
  handled?: { round: number; draftVersion: string; comments: HandledComment[] };
  /** Names of the documents attached, as the text mentions them (filled in by the activity). */
  attached?: string[];
  outcome?: { decision: 'continue' | 'amend' | 'end'; notes?: string };
  exchange?: { from: Localized; to: Localized[]; subject: string; summary: string; link?: string };
  failure?: { recipient: string; reason: string; kind: MailKind };
  /** Free lines (already in both languages, no dates or codes) for a stage notice or an explanation; a deadline extension's reason. */
  summary?: Localized[];
  /** A deadline the calendar moved: its old last day and the named days off that now count (YYYY-MM-DD). */
  change?: { from: string; daysOff: { from: string; to: string; reason: string }[] };
  /** For escalations: who has not answered. */
  pendingBodies?: Localized[];
  /** IANA zone for dates shown to people; default Asia/Ho_Chi_Minh. */
  zone?: string;
}

/** Outcome of one send() call, as recipient email addresses. */
export interface SendResult {
  sent: string[];
  alreadySent: string[];
  skipped: string[];
  /** Reminders handed to the recipient's morning digest instead of being sent on their own. */
  queued?: string[];
  /**
   * Also in sent: an earlier attempt began sending these and died before it recorded them, so the
   * recipient may now have two copies, both with the same Message-ID.
   */
  maybeDuplicate?: string[];
}

/**
 * One reminder waiting in a recipient's digest: the request (addressed to that recipient only),
 * the workflow to re-check at send time, and whom to tell if the address turns out to be bad.
 */
export interface DigestItem {
  request: MailRequest;
  /** Workflow whose pendingParties decide, at send time, whether the reminder still matters. */
  workflowId: string;
  /** Parties the reminder is about; none still pending = dropped. */
  about?: string[];
  /** The lifecycle's secretariat, told when the recipient's address is refused. */
  secretariat: { locale: Locale; contacts: Recipient[] };
}

/** Zone used when a request does not name one (Vietnam has no daylight saving). */
export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';
