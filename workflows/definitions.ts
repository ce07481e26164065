/**
 * The messages of the lifecycle, review and digest workflows (updates, queries, signals),
 * shared by workflow code and clients. The types they carry are the domain's
 * (domain/lifecycle.ts, domain/regulation.ts); this module adds only their names.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AnswerCommentsInput,
  ExtendDeadlineInput,
  LifecycleStatus,
  LogExchangeInput,
  OpenDeadline,
  RecordReviewOutcomeInput,
  RecordSignatureInput,
  ReplanInput,
  ReplanReport,
  ReviewReceipt,
  ReviewStatus,
  ScheduleSigningInput,
  SubmitDraftInput,
  SubmitFeedbackInput,
  SubmitReviewReportInput,
  UpdateReceipt,
  WithdrawInput,
} from '../domain/lifecycle';
import type { DigestItem } from '../domain/mail';

export const submitDraft = defineUpdate<UpdateReceipt, [SubmitDraftInput]>('submitDraft');
export const submitFeedback = defineUpdate<UpdateReceipt, [SubmitFeedbackInput]>('submitFeedback');
export const scheduleSigning = defineUpdate<UpdateReceipt, [ScheduleSigningInput]>('scheduleSigning');
export const recordSignature = defineUpdate<UpdateReceipt, [RecordSignatureInput]>('recordSignature');
export const extendDeadline = defineUpdate<UpdateReceipt, [ExtendDeadlineInput]>('extendDeadline');
export const logInformationExchange = defineUpdate<UpdateReceipt, [LogExchangeInput]>('logInformationExchange');
export const withdraw = defineUpdate<UpdateReceipt, [WithdrawInput]>('withdraw');

/** The secretariat's answers to a round's comments (bảng tổng hợp, tiếp thu, giải trình ý kiến). */
export const answerComments = defineUpdate<UpdateReceipt, [AnswerCommentsInput]>('answerComments');

/** Plans every open deadline again on a new calendar version (lifecycles and reviews alike). */
export const replanDeadlines = defineUpdate<ReplanReport, [ReplanInput]>('replanDeadlines');

/** Every open deadline with what it was planned from, for `regulation calendar diff`. */
export const openDeadlines = defineQuery<OpenDeadline[]>('openDeadlines');

/** Sent to a review's child workflow (`<lifecycle id>/so-ket-N`, `<lifecycle id>/tong-ket`). */
export const submitReviewReport = defineUpdate<ReviewReceipt, [SubmitReviewReportInput]>('submitReviewReport');
export const recordReviewOutcome = defineUpdate<ReviewReceipt, [RecordReviewOutcomeInput]>('recordReviewOutcome');
export const status = defineQuery<LifecycleStatus>('status');

/** Who still has to act on a step: activities re-check this before sending a reminder. */
export const pendingParties = defineQuery<string[], [string]>('pendingParties');
export const reviewStatus = defineQuery<ReviewStatus>('reviewStatus');

/** A reminder for one recipient's digest (the worker signals it with start). */
export const addReminder = defineSignal<[DigestItem]>('addReminder');
