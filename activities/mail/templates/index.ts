/**
 * The emails: one module per mail kind (its body), on shared blocks (facts, answers, signature),
 * a subject built the same way for every kind, and two renderers (text, HTML) of the same blocks.
 * To change what one kind of email says, open its module: feedback-request.ts, reminder.ts, …
 */
import type { MailKind, MailRequest, Recipient } from '../../../domain/mail';
import {
  answerBlocks,
  compose,
  factsBlock,
  secretariatName,
  type Block,
  type Compose,
  type RenderedMail,
} from './blocks';
import { toHtml, toText } from './render';
import { renderSubject } from './subject';
import { feedbackRequest } from './feedback-request';
import { reminder } from './reminder';
import { escalation } from './escalation';
import { commentTable } from './comment-table';
import { signingInvitation } from './signing-invitation';
import { reviewReportRequest } from './review-report-request';
import { reviewMeetingInvitation } from './review-meeting-invitation';
import { reviewOutcome } from './review-outcome';
import { closingSummary } from './closing-summary';
import { informationExchange } from './information-exchange';
import { deadlineExtended } from './deadline-extended';
import { deadlineChanged } from './deadline-changed';
import { deliveryFailure } from './delivery-failure';
import { stageNotice } from './stage-notice';

export type { RenderedMail } from './blocks';
export { formatDay } from './blocks';
export { escapeHtml } from './render';
export { foldForCompare } from './subject';
export { digestLocale, digestOrder, renderDigest } from './digest';

/** Each kind's body. */
const BODIES: Record<MailKind, (k: Compose) => void> = {
  'feedback-request': feedbackRequest,
  reminder: reminder,
  escalation: escalation,
  'comment-table': commentTable,
  'signing-invitation': signingInvitation,
  'review-report-request': reviewReportRequest,
  'review-meeting-invitation': reviewMeetingInvitation,
  'review-outcome': reviewOutcome,
  'closing-summary': closingSummary,
  'information-exchange': informationExchange,
  'deadline-extended': deadlineExtended,
  'deadline-changed': deadlineChanged,
  'delivery-failure': deliveryFailure,
  'stage-notice': stageNotice,
};

function kindBlocks(req: MailRequest, recipient: Recipient): Block[] {
  const k = compose(req, recipient);
  BODIES[req.kind](k);
  return k.blocks;
}

function allBlocks(req: MailRequest, recipient: Recipient): Block[] {
  const vi = req.locale === 'vi';
  return [
    { type: 'p', parts: [vi ? `Kính gửi: ${recipient.name},` : `Dear ${recipient.name},`] },
    ...kindBlocks(req, recipient),
    factsBlock(req),
    ...answerBlocks(req),
    // Signed with the secretariat's name as the definition gives it.
    { type: 'p', parts: [secretariatName(req)], strong: true },
    {
      type: 'p',
      parts: [
        vi
          ? `(Thư gửi tự động; mã tham chiếu: ${req.lifecycleId} / ${req.stepKey}.)`
          : `(Automatic message; reference: ${req.lifecycleId} / ${req.stepKey}.)`,
      ],
    },
  ];
}

/** Renders one email of req for one recipient, in req.locale, as subject, plain text and HTML. */
export function renderMail(req: MailRequest, recipient: Recipient): RenderedMail {
  const blocks = allBlocks(req, recipient);
  return { subject: renderSubject(req), text: toText(blocks), html: toHtml(blocks, req.locale) };
}
