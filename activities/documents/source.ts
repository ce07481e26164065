/**
 * The documents a mail carries, built when it is sent from what the workflow histories hold:
 * the workflow names the document (DocumentAsk), this reads the texts and renders the .docx, so
 * long texts are written to history once (in the updates that recorded them), not in every request.
 */
import type { Client } from '@temporalio/client';
import { readReviewTexts, readRoundTexts } from '../../client/record';
import { commentRows } from '../../workflows/comments';
import { status, type Regulation, type Round } from '../../workflows/definitions';
import type { MailAttachment } from '../mail/mailer';
import type { DocumentAsk, HandledComment, Locale, MailRequest } from '../mail/types';
import {
  documentSettings,
  commentTableDocument,
  explanationTableData,
  explanationTableDocument,
  renderDocx,
  reportSections,
  reviewConclusionDocument,
  reviewReportDocument,
} from './index';
import type { DocumentSettings, Localized, ReviewReportData } from './model';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What a mail gains from its DocumentAsk: the recipient body's handled comments (text) and the files. */
export interface MailDocuments {
  handled?: MailRequest['handled'];
  attachments: MailAttachment[];
}

export interface DocumentSource {
  forMail(workflowId: string, req: MailRequest, ask: DocumentAsk): Promise<MailDocuments>;
}

/** The definition's document settings (see documentSettings): issuer, place, signer. */
export function settingsOf(reg: Parameters<typeof documentSettings>[0]): DocumentSettings {
  return documentSettings(reg);
}

function fileName(base: Localized, locale: Locale): string {
  return `${base[locale]}.docx`;
}

export function explanationFileName(round: number, locale: Locale): string {
  return fileName(
    {
      vi: `bang-tong-hop-tiep-thu-giai-trinh-y-kien-vong-${round}`,
      en: `comments-handling-explanations-round-${round}`,
    },
    locale,
  );
}

export function commentTableFileName(round: number, locale: Locale): string {
  return fileName({ vi: `bang-tong-hop-y-kien-gop-y-vong-${round}`, en: `comments-received-round-${round}` }, locale);
}

/** The report of the comments received when a round closes (no answers yet, no handling column), as a .docx. */
export async function commentTableAttachment(
  reg: Parameters<typeof documentSettings>[0] & Parameters<typeof explanationTableData>[1],
  round: Round,
  date: string,
  locale: Locale,
): Promise<MailAttachment> {
  const doc = commentTableDocument(
    explanationTableData(round, reg, date),
    settingsOf(reg),
    reg.secretariat.name,
    locale,
  );
  return { filename: commentTableFileName(round.n, locale), content: await renderDocx(doc), contentType: DOCX };
}

/** The day the regulation took effect, from its lifecycle (the Quy chế is cited with it); none if unknown. */
async function effectiveDateOf(client: Client, lifecycleId: string): Promise<string | undefined> {
  try {
    const s = await client.workflow.getHandle(lifecycleId).query(status);
    return s.effectiveDate;
  } catch {
    return undefined;
  }
}

/** Reads what a document needs from the Temporal histories through `client`. */
export function historyDocuments(client: Client): DocumentSource {
  return {
    async forMail(workflowId, req, ask) {
      const locale = req.locale;
      if (ask.kind === 'explanation-table') {
        const { regulation: reg, round } = await readRoundTexts(client, req.lifecycleId, ask.round);
        const rows = commentRows(
          round,
          reg.bodies.map((b) => b.id),
        );
        const doc = explanationTableDocument(
          explanationTableData(round, reg, ask.date, ask.nextDraftVersion),
          settingsOf(reg),
          reg.secretariat.name,
          locale,
        );
        const own = req.audience.body?.id;
        const comments: HandledComment[] = rows
          .filter((r) => r.body === own)
          .map((r) => {
            const area = reg.areas.find((a) => a.id === r.area);
            return {
              id: r.id,
              ...(area ? { area } : {}),
              text: r.text ?? '',
              ...(r.response
                ? {
                    handling: r.response.handling,
                    ...(r.response.explanation ? { explanation: r.response.explanation } : {}),
                  }
                : {}),
            };
          });
        return {
          ...(comments.length ? { handled: { round: ask.round, draftVersion: ask.draftVersion, comments } } : {}),
          attachments: [
            { filename: explanationFileName(ask.round, locale), content: await renderDocx(doc), contentType: DOCX },
          ],
        };
      }
      const { input, reports, outcome } = await readReviewTexts(client, workflowId);
      const reg = input.regulation;
      const effectiveDate = await effectiveDateOf(client, req.lifecycleId);
      const reported = reg.bodies.filter((b) => reports[b.id]);
      const data: ReviewReportData = {
        regulationTitle: reg.title,
        kind: input.kind,
        n: input.n,
        meetingDate: input.meetingDate,
        ...(effectiveDate ? { effectiveDate } : {}),
        areas: reg.areas.map((a) => ({
          id: a.id,
          title: a.title,
          reports: reported
            .filter((b) => reports[b.id]![a.id])
            .map((b) => ({ body: b.name, text: reports[b.id]![a.id]! })),
        })),
        sections: reportSections(reported.map((b) => ({ body: b.name, texts: reports[b.id]! }))),
        reported: reported.map((b) => b.name),
        missing: reg.bodies.filter((b) => !reports[b.id]).map((b) => b.name),
        ...(outcome
          ? { outcome: { decision: outcome.decision, ...(outcome.notes ? { notes: outcome.notes } : {}) } }
          : {}),
        date: ask.date,
      };
      const settings = settingsOf(reg);
      const review =
        input.kind === 'tong-ket'
          ? { vi: 'tong-ket', en: 'final-review' }
          : { vi: `so-ket-lan-${input.n}`, en: `interim-review-${input.n}` };
      const report = reviewReportDocument(data, settings, reg.secretariat.name, locale);
      const attachments: MailAttachment[] = [
        {
          filename: fileName({ vi: `bao-cao-${review.vi}`, en: `${review.en}-report` }, locale),
          content: await renderDocx(report),
          contentType: DOCX,
        },
      ];
      // After the meeting: its conclusions, as a notice of their own (thông báo kết luận).
      const notice = reviewConclusionDocument(data, settings, reg.secretariat.name, locale);
      if (notice)
        attachments.push({
          filename: fileName({ vi: `thong-bao-ket-luan-${review.vi}`, en: `${review.en}-conclusions` }, locale),
          content: await renderDocx(notice),
          contentType: DOCX,
        });
      return { attachments };
    },
  };
}
