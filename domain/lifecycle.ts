/**
 * What a lifecycle records and answers: its carried state, the inputs of its updates, their
 * receipts and the status its queries return. Pure types (and two constants), shared by the
 * workflows, the activities that compile documents, the history readers and the clients.
 */
import type { Localized } from './locale';
import type { Recipient } from './mail';
import type { Decision, Handling, Regulation, ReviewDecision, Stage } from './regulation';

/** Maps workflow time to schedule time: scheduleStart + (now - realStart) × speedup. */
export interface ClockAnchor {
  realStart: string;
  scheduleStart: string;
  speedup: number;
}

/** How a lifecycle's schedule clock runs: real time by default; a rehearsal plays days in seconds. */
export interface ClockOptions {
  /** Schedule instant at workflow start (UTC ISO); default: the real start time. */
  startAt?: string;
  /** Schedule seconds per real second; 1 = real time, 86400 = one day per second. */
  speedup?: number;
  /**
   * The real instant (UTC ISO) at which schedule time is `startAt`; default: the first workflow
   * task. Lifecycles started one after another with the same anchor share one clock exactly.
   */
  anchorAt?: string;
}

export interface LifecycleInput {
  regulation: Regulation;
  clock?: ClockOptions;
  /**
   * Present only when the workflow continues as new; callers never set it. Runs recorded before
   * state versions carry the version-1 shape: upgradeState (workflows/state.ts) reads both.
   */
  carried?: CarriedState;
}

export interface DraftVersion {
  version: string;
  link: string;
  sha256?: string;
  note?: string;
  submittedAt: string;
  cycle: number;
  submittedBy?: string;
}

export interface FeedbackComment {
  area?: string;
  text: string;
}
export interface Answer {
  decision: Decision | 'consent-by-silence';
  comments: FeedbackComment[];
  reference?: string;
  submittedBy?: string;
  at: string;
  /**
   * Set once the comment texts are no longer carried (`comments` is then empty): the texts stay in
   * the submitFeedback update in history, from which RegulationsClient.status restores them.
   */
  compacted?: TextSummary;
}

/** What stays of long texts that are no longer carried: how many, how long, and a hash to check a restored copy. */
export interface TextSummary {
  count: number;
  chars: number;
  hash: string;
}

/**
 * The secretariat's answer to one comment (a row of the bảng tổng hợp, tiếp thu, giải trình).
 * Once the round is over the explanation is not carried (`explanation` absent, `explained` set):
 * the answerComments update in history keeps it, and RegulationsClient.status restores it.
 */
export interface CommentResponse {
  handling: Handling;
  explanation?: string;
  explained?: TextSummary;
  at: string;
  submittedBy?: string;
}

export interface Round {
  n: number;
  cycle: number;
  draftVersion: string;
  openedAt: string;
  deadlineKey: string;
  answers: Record<string, Answer>;
  closedAt?: string;
  result?: 'agreed' | 'changes-requested';
  /** The comment table went to the secretariat. */
  tableSent?: boolean;
  /** The secretariat's answer to each comment, by comment id ("<body id>-<number>", see commentIds). */
  responses?: Record<string, CommentResponse>;
}

export interface DeadlineEntry {
  key: string;
  stage: Stage;
  label: Localized;
  lastDay: string;
  at: string;
  /** Bumped on each move, so calendar invitations update in place. */
  sequence: number;
  nextReminder?: string;
  /** Requested by extendDeadline and not yet applied by the watcher. */
  requested?: { to: string; reason: string; submittedBy?: string };
  /** Version of the calendar file it was planned on. */
  calendarVersion?: string;
  /** Named days off in its span ("why this date"). */
  daysOff?: { from: string; to: string; reason: string }[];
  /** Set by hand (an extension, a stated date): a calendar change leaves it alone. */
  manual?: boolean;
  /** A re-plan on this calendar version was asked for (replanDeadlines) and not yet done. */
  replan?: string;
}

/** What one open deadline is, for `regulation calendar diff`: how it was planned, so it can be planned again. */
export interface OpenDeadline {
  workflowId: string;
  key: string;
  label: Localized;
  lastDay: string;
  at: string;
  sequence: number;
  manual: boolean;
  calendarVersion?: string;
  /** Parties still pending on it (body ids or "secretariat"). */
  pending: string[];
  /** Reminders not yet sent, UTC ISO. */
  reminders: string[];
  /** The workflow's schedule clock and its time when asked, to plan again from the same moment. */
  clock: ClockAnchor;
  now: string;
  /** The planning input it was planned with (its calendar id, rule, reminders and escalation settings). */
  plan: {
    calendar: string;
    zone: string;
    rule: DeadlineRuleData;
    reminders: PeriodData[];
    reminderTime: string;
    escalation: { after: PeriodData; repeat: PeriodData };
  };
}
export interface PeriodData {
  amount: number;
  unit: 'days' | 'working-days' | 'weeks' | 'months' | 'years';
}
export type DeadlineRuleData =
  { after: string; period: PeriodData } | { before: string; period: PeriodData } | { on: string };

/** What a re-plan did to each open deadline of one workflow. */
export interface ReplanReport {
  moved: { key: string; from: string; to: string }[];
  unchanged: string[];
  /** Set by hand (an extension or a stated date): left alone. */
  manual: string[];
}

export interface ReplanInput {
  /** The calendar file version every open deadline is to be planned on. */
  calendarVersion: string;
}

/** A deadline as status shows it: with the calendar version it was planned on and the named days off in its span. */
export interface DeadlineView {
  key: string;
  label: Localized;
  lastDay: string;
  at: string;
  sequence: number;
  nextReminder?: string;
  overdue: boolean;
  calendarVersion?: string;
  daysOff?: { from: string; to: string; reason: string }[];
  /** Being moved to `lastDay` (an extension or a signing date just recorded): re-planned when the workflow next wakes. */
  moving?: boolean;
}

export interface ExtensionRecord {
  deadline: string;
  from: string;
  to: string;
  reason: string;
  at: string;
  submittedBy?: string;
}
export interface Signature {
  signer: string;
  signedAt: string;
  submittedBy?: string;
}
export interface ExchangeRecord {
  from: string;
  to: string[];
  subject: string;
  summary: string;
  link?: string;
  at: string;
  submittedBy?: string;
}
export interface ReviewResult {
  n: number;
  kind: 'so-ket' | 'tong-ket';
  workflowId: string;
  meetingDate: string;
  reports: Record<string, { at: string; assessments: Record<string, string> }>;
  outcome?: { decision: ReviewDecision; notes?: string; at: string; submittedBy?: string };
  /** Emails the review sent (not carried by the lifecycle: restored from the review's history). */
  mails?: MailLogEntry[];
  /**
   * Set when the reports' texts are not carried (each report's `assessments` is then empty): the
   * texts stay in the review's submitReviewReport updates, from which RegulationsClient.status restores them.
   */
  compacted?: Record<string, TextSummary & { areas: string[] }>;
}
/** One email as sent: `at` is schedule time, `date` its local date. */
export interface MailLogEntry {
  kind: string;
  stepKey: string;
  to: string[];
  at: string;
  date: string;
  slot?: string;
  /** 'digest': handed to each recipient's reminder digest, which sends it (or drops it if answered by then). */
  via?: 'digest';
}

/** The carried state's shape version; upgradeState brings older ones to it. */
export const STATE_VERSION = 2;

/**
 * What a lifecycle carries across continue-as-new: bounded whatever the number of emails,
 * rounds, reviews and answers. Emails, exchanges and the texts of earlier rounds and reviews
 * are not carried: the runs' histories are their record (README: Bounded state).
 */
export interface LifecycleState {
  version: typeof STATE_VERSION;
  stage: Stage;
  clock: ClockAnchor;
  /** 1 = the original regulation, 2+ = amendment cycles. */
  cycle: number;
  /** Local date the current cycle (original or amendment) started drafting from. */
  cycleStart: string;
  cycleFirstRound: number;
  /** Extra consultation rounds granted by leaders beyond maxRounds in this cycle. */
  extraRounds: number;
  roundsExhausted: boolean;
  /** Revision deadline granted with an extra round. */
  revisionDue?: string;
  /** Effective date of the original signing: the review schedule counts from it, amendments do not reset it. */
  reviewBase?: string;
  drafts: DraftVersion[];
  rounds: Round[];
  deadlines: Record<string, DeadlineEntry>;
  extensions: ExtensionRecord[];
  signing: {
    session?: { at: string; place?: string; submittedBy?: string };
    signatures: Record<string, Signature>;
    agreedAt?: string;
    effectiveDate?: string;
    invitations?: number;
    announced?: boolean;
  };
  reviews: ReviewResult[];
  nextReview?: { n: number; kind: 'so-ket' | 'tong-ket'; meetingDate: string; workflowId: string };
  /** Exchanges logged so far (each run keeps its own records; the history keeps them all). */
  exchangeCount: number;
  withdrawn?: { reason: string; at: string; submittedBy?: string };
  closedAt?: string;
  /** Runs so far, so the operator can see the lifecycle's total size. */
  runs: number;
}

/** The carried state of runs recorded before versions: the mail log and every exchange were carried. */
export type LifecycleStateV1 = Omit<LifecycleState, 'version' | 'exchangeCount'> & {
  version?: undefined;
  mails?: MailLogEntry[];
  exchanges?: ExchangeRecord[];
};
export type CarriedState = LifecycleState | LifecycleStateV1;

// ---- updates (each has a validator in the workflow: a rejected update leaves no trace) ----

export interface SubmitDraftInput {
  version: string;
  link: string;
  sha256?: string;
  note?: string;
  submittedBy?: string;
}
export interface SubmitFeedbackInput {
  body: string;
  round: number;
  decision: Decision;
  comments?: FeedbackComment[];
  reference?: string;
  submittedBy?: string;
}
export interface ScheduleSigningInput {
  at: string;
  place?: string;
  submittedBy?: string;
}
export interface RecordSignatureInput {
  body: string;
  signer: string;
  signedAt?: string;
  submittedBy?: string;
}
/**
 * The parts of a body's review report besides its areas, as a báo cáo sơ kết has them (III–VI):
 * keys of `assessments` next to the area ids.
 */
export const REPORT_SECTIONS = ['limitations', 'lessons', 'directions', 'proposals'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export interface SubmitReviewReportInput {
  body: string;
  review: number;
  assessments: Record<string, string>;
  submittedBy?: string;
}
export interface RecordReviewOutcomeInput {
  review: number;
  decision: ReviewDecision;
  notes?: string;
  submittedBy?: string;
}
export interface ExtendDeadlineInput {
  deadline: string;
  to: string;
  reason: string;
  submittedBy?: string;
}
export interface LogExchangeInput {
  from: string;
  to: string[];
  subject: string;
  summary: string;
  link?: string;
  submittedBy?: string;
}
export interface WithdrawInput {
  reason: string;
  submittedBy?: string;
}
/** Answers to comments of the round under revision; a comment answered again takes the new answer. */
export interface AnswerCommentsInput {
  round: number;
  responses: { comment: string; handling: Handling; explanation?: string }[];
  submittedBy?: string;
}

/**
 * What an accepted update returns: a receipt of a few hundred bytes, since the result is written
 * to history. The full state is the `status` query.
 */
export interface UpdateReceipt {
  accepted: true;
  update: string;
  stage: Stage;
  cycle: number;
  round?: number;
  draftVersion?: string;
  /** Schedule time the update was recorded at. */
  at: string;
}
export interface ReviewReceipt {
  accepted: true;
  update: string;
  review: number;
  kind: 'so-ket' | 'tong-ket';
  /** Bodies that have reported so far. */
  reported: string[];
  decision?: ReviewDecision;
  at: string;
}

// ---- queries ----

/** 'idle': nothing is asked of the body in the current step. */
export type PartyState = 'pending' | 'answered' | 'overdue' | 'signed' | 'reported' | 'idle';
export interface PartyStatus {
  body: string;
  state: PartyState;
  decision?: Answer['decision'];
}

export interface LifecycleStatus {
  regulationId: string;
  title: Localized;
  stage: Stage;
  cycle: number;
  round?: number;
  draftVersion?: string;
  /**
   * Schedule time of the workflow's last activation (a query does not advance workflow time);
   * use scheduleNow(status) from client/api for the current schedule time.
   */
  now: string;
  /** The schedule clock, so clients can compute the current schedule time. */
  clock: ClockAnchor;
  parties: PartyStatus[];
  /** Open deadlines; `sequence` counts the moves of each (its calendar entry's SEQUENCE). */
  deadlines: DeadlineView[];
  rounds: Round[];
  drafts: DraftVersion[];
  signatures: Record<string, Signature>;
  signingSession?: { at: string; place?: string };
  effectiveDate?: string;
  reviews: ReviewResult[];
  nextReview?: LifecycleState['nextReview'];
  /** From the query: this run's; from RegulationsClient.status: every exchange, from the histories. */
  exchanges: ExchangeRecord[];
  extensions: ExtensionRecord[];
  /** From the query: this run's emails; from RegulationsClient.status: every email, from the histories. */
  mails: MailLogEntry[];
  withdrawn?: LifecycleState['withdrawn'];
  closedAt?: string;
  run: number;
  /** This run and the lifecycle's first run: where the client starts reading the histories. */
  runId?: string;
  firstRunId?: string;
  roundsExhausted: boolean;
}

// ---- review child workflow ----

export interface ReviewInput {
  regulation: Regulation;
  lifecycleId: string;
  n: number;
  kind: 'so-ket' | 'tong-ket';
  meetingDate: string;
  clock: ClockAnchor;
}
export interface ReviewStatus {
  lifecycleId: string;
  n: number;
  kind: 'so-ket' | 'tong-ket';
  meetingDate: string;
  meetingAt?: string;
  parties: PartyStatus[];
  deadlines: LifecycleStatus['deadlines'];
  reports: ReviewResult['reports'];
  outcome?: ReviewResult['outcome'];
  mails: MailLogEntry[];
  now: string;
  clock: ClockAnchor;
}

/** Names of failures the workflows raise; clients match on them. */
export const ErrorTypes = {
  Rejected: 'UpdateRejected',
  MailRejected: 'MailRejected',
} as const;

/** Input of the reminder digest workflow of one recipient. */
export interface DigestWorkflowInput {
  recipient: Recipient;
  /** How long reminders are gathered after the first one arrives. */
  windowSeconds: number;
}

/** The digest workflow's id for a recipient: one running digest per address. */
export function digestWorkflowId(email: string): string {
  return `reminder-digest/${email.trim().toLowerCase()}`;
}
