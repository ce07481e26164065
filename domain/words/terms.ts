/**
 * The catalogue's terms: what a stage, a decision, a handling, a review's outcome, an email and an
 * official document are called, in Vietnamese and English. The email, the console, the .docx, the
 * CLI and the Temporal UI all read these; a word changed here changes on every surface at once.
 */
import type { Locale, Localized } from '../locale';
import type { MailKind, MailStage } from '../mail';
import type { Decision, Handling, ReviewDecision, Stage } from '../regulation';

/** A lifecycle's stage (and, for emails, the review stages of its child workflows). */
export const STAGE: Record<MailStage, Localized> = {
  drafting: { vi: 'Soạn thảo', en: 'Drafting' },
  consultation: { vi: 'Lấy ý kiến', en: 'Consultation' },
  revision: { vi: 'Tiếp thu, chỉnh lý', en: 'Revision' },
  signing: { vi: 'Ký kết', en: 'Signing' },
  'in-force': { vi: 'Đang thực hiện', en: 'In force' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
  review: { vi: 'Sơ kết', en: 'Preliminary review' },
  'final-review': { vi: 'Tổng kết', en: 'Final review' },
};

/** The lifecycle stages alone, in their order (filters, pickers). */
export const LIFECYCLE_STAGES: readonly Stage[] = [
  'drafting',
  'consultation',
  'revision',
  'signing',
  'in-force',
  'closed',
  'withdrawn',
];

/**
 * A body's answer to a consultation round. "Nhất trí" is the word official comment letters use
 * ("nhất trí với dự thảo"); consent by silence is what the workflow records for a body that did
 * not answer when the definition counts silence as consent.
 */
export const DECISION: Record<Decision | 'consent-by-silence', Localized> = {
  agree: { vi: 'Nhất trí', en: 'Agree' },
  'request-changes': { vi: 'Đề nghị chỉnh sửa', en: 'Request changes' },
  'consent-by-silence': { vi: 'Không trả lời (coi như nhất trí)', en: 'No answer (counted as consent)' },
};

/**
 * Consent by silence as the round's report says it of the bodies concerned (`names`, already in
 * the reader's language): the same decision, as a sentence.
 */
export function silentBodies(names: string, count: number): Localized {
  return {
    vi: `${names} không có ý kiến trả lời trong thời hạn, được coi là ${DECISION.agree.vi.toLocaleLowerCase()} với dự thảo.`,
    en: `${upper(names)} did not reply within the time allowed and ${count === 1 ? 'is' : 'are'} therefore taken to ${DECISION.agree.en.toLocaleLowerCase()} with the draft.`,
  };
}

/** How the secretariat took in one comment (bảng tổng hợp, tiếp thu, giải trình ý kiến). */
export const HANDLING: Record<Handling, Localized> = {
  accepted: { vi: 'Tiếp thu', en: 'Accepted' },
  'partly-accepted': { vi: 'Tiếp thu một phần', en: 'Partly accepted' },
  'not-accepted': { vi: 'Không tiếp thu', en: 'Not accepted' },
};

/**
 * A comment the secretariat has not answered yet: in a table of comments and their handling the
 * administrative word is "chưa giải trình".
 */
export const NOT_ANSWERED: Localized = { vi: 'Chưa giải trình', en: 'Not yet answered' };

/** The headings of a table of comments that every surface shares: the comment, and how it was taken in. */
export const COMMENT_COLUMN: Record<'comment' | 'handling', Localized> = {
  comment: { vi: 'Nội dung góp ý', en: 'Comment' },
  handling: { vi: 'Tiếp thu, giải trình', en: 'Handling and explanation' },
};

/** A comment about no coordination area in particular. */
export const GENERAL_AREA: Localized = { vi: 'Chung', en: 'General' };

/**
 * What a review meeting decided, as it reads after "decided to" / "đã thống nhất:". "Quy chế" is
 * capitalised as official documents write the name of the regulation they refer to.
 */
export const OUTCOME: Record<ReviewDecision, Localized> = {
  continue: { vi: 'tiếp tục thực hiện Quy chế', en: 'continue the regulation as it is' },
  amend: { vi: 'sửa đổi, bổ sung Quy chế', en: 'amend the regulation' },
  end: { vi: 'chấm dứt thực hiện Quy chế', en: 'end the regulation' },
};

/** How a consultation round ended. */
export const ROUND_RESULT: Record<'agreed' | 'changes-requested', Localized> = {
  agreed: { vi: 'các cơ quan nhất trí', en: 'the bodies agreed' },
  'changes-requested': { vi: 'có đề nghị chỉnh sửa', en: 'changes were requested' },
};

/** What each email is, as its subject opens and as the sent-mail lists name it. */
export const MAIL_KIND: Record<MailKind, Localized> = {
  'feedback-request': { vi: 'Đề nghị góp ý', en: 'Request for comments' },
  reminder: { vi: 'Nhắc hạn', en: 'Reminder' },
  escalation: { vi: 'Quá hạn', en: 'Overdue' },
  'comment-table': { vi: 'Bảng tổng hợp ý kiến', en: 'Table of comments' },
  'signing-invitation': { vi: 'Mời ký kết', en: 'Invitation to sign' },
  'review-report-request': { vi: 'Đề nghị báo cáo', en: 'Request for report' },
  'review-meeting-invitation': { vi: 'Giấy mời họp', en: 'Meeting invitation' },
  'review-outcome': { vi: 'Kết luận', en: 'Outcome' },
  'closing-summary': { vi: 'Kết thúc', en: 'Closing summary' },
  'information-exchange': { vi: 'Trao đổi thông tin', en: 'Information exchange' },
  'deadline-extended': { vi: 'Gia hạn', en: 'Deadline extended' },
  'deadline-changed': { vi: 'Thay đổi thời hạn', en: 'Deadline changed' },
  'delivery-failure': { vi: 'Không gửi được thư', en: 'Delivery failure' },
  'stage-notice': { vi: 'Thông báo', en: 'Notice' },
};

/** A reminder that went out in the recipient's morning digest rather than on its own. */
export const IN_DIGEST: Localized = { vi: 'trong thư tổng hợp buổi sáng', en: 'in the morning digest' };

/**
 * Tổng hợp, tiếp thu, giải trình ý kiến: gathering a round's comments and answering each. The
 * table that holds them, and the report that carries the table, are named after it.
 */
export const TAKING_IN: Localized = { vi: 'tổng hợp, tiếp thu, giải trình ý kiến', en: 'comments and their handling' };

/** The titles of the official documents the secretariat issues. */
export const DOCUMENT = {
  /** Bảng tổng hợp, tiếp thu, giải trình ý kiến: every comment of a round and how it was handled. */
  commentTable: { vi: `Bảng ${TAKING_IN.vi}`, en: `Table of ${TAKING_IN.en}` } as Localized,
  /**
   * The subject of the report that carries the table of comments and their handling, after its
   * title "Báo cáo": `what` is the draft and the regulation, in the reader's language.
   */
  takingIn: (what: string): Localized => ({
    vi: `${upper(TAKING_IN.vi)} góp ý đối với ${what}`,
    en: `${upper(TAKING_IN.en)}: ${what}`,
  }),
  /** A report (a review's compiled report, the table of comments, the full record). */
  report: { vi: 'Báo cáo', en: 'Report' } as Localized,
  /** A notice (thông báo kết luận: what a review meeting decided). */
  notice: { vi: 'Thông báo', en: 'Notice' } as Localized,
  /** The full record's subtitle. */
  record: (title: Localized): Localized => ({
    vi: `Hồ sơ xây dựng và thực hiện ${title.vi}`,
    en: `Record of the drafting and implementation of the ${title.en}`,
  }),
};

function upper(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** A term at the start of a line or cell: "Tiếp tục thực hiện quy chế". */
export function capitalized(term: Localized): Localized {
  return { vi: upper(term.vi), en: upper(term.en) };
}

/** A term inside a sentence: "bảng tổng hợp, tiếp thu, giải trình ý kiến". */
export function lowered(term: Localized): Localized {
  const down = (s: string): string => s.charAt(0).toLocaleLowerCase() + s.slice(1);
  return { vi: down(term.vi), en: down(term.en) };
}

/** How a time zone is named to people: Vietnam's by its name, any other by its IANA id. */
export function zoneName(zone: string, locale: Locale): string {
  return zone === 'Asia/Ho_Chi_Minh' ? (locale === 'vi' ? 'giờ Việt Nam' : 'Vietnam time') : zone;
}
