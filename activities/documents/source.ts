/**
 * The documents a mail carries, built when it is sent from what the workflow histories hold:
 * the workflow names the document (DocumentAsk), this reads the texts and renders the .docx, so
 * long texts are written to history once (in the updates that recorded them), not in every request.
 */
import type { Client } from '@temporalio/client';
import type { Locale, Localized } from '../../domain/locale';
import { readReviewTexts, readRoundTexts } from '../../history/record';
import { commentRows } from '../../domain/comments';
import type { Regulation } from '../../domain/regulation';
import type { MailAttachment } from '../mail/mailer';
import type { CommentEntry, DocumentAsk, HandledComment, MailRequest } from '../../domain/mail';
import { explanationTableData, explanationTableDocument, renderDocx, reviewReportDocument } from './index';
import type { DocumentSettings, ExplanationRow } from './model';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What a mail gains from its DocumentAsk: the recipient body's handled comments (text) and the files. */
export interface MailDocuments {
  handled?: MailRequest['handled'];
  attachments: MailAttachment[];
}

export interface DocumentSource {
  forMail(workflowId: string, req: MailRequest, ask: DocumentAsk): Promise<MailDocuments>;
}

/** The definition's document settings, with the secretariat as issuer when none is named. */
export function settingsOf(reg: {
  documents?: Regulation['documents'];
  secretariat: { name: Localized };
}): DocumentSettings {
  const d = reg.documents;
  return {
    style: d?.style ?? 'state',
    issuer: d?.issuer ?? { name: reg.secretariat.name },
    ...(d?.place ? { place: d.place } : {}),
    ...(d?.signer ? { signer: d.signer } : {}),
  };
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

/** The comment table the secretariat receives when a round closes (no answers yet), as a .docx. */
export async function commentTableAttachment(
  reg: { title: Localized; secretariat: { name: Localized }; documents?: Regulation['documents'] },
  round: { n: number; draftVersion: string },
  comments: CommentEntry[],
  agreed: Localized[],
  date: string,
  locale: Locale,
): Promise<MailAttachment> {
  const rows: ExplanationRow[] = comments
    .filter((c) => c.id)
    .map((c) => ({
      id: c.id!,
      body: c.body.name,
      ...(c.area ? { area: c.area } : {}),
      comment: c.text,
      ...(c.reference ? { reference: c.reference } : {}),
    }));
  const doc = explanationTableDocument(
    {
      regulationTitle: reg.title,
      round: round.n,
      draftVersion: round.draftVersion,
      rows,
      agreedWithoutComments: agreed,
      date,
    },
    settingsOf(reg),
    reg.secretariat.name,
    locale,
  );
  return { filename: explanationFileName(round.n, locale), content: await renderDocx(doc), contentType: DOCX };
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
      const doc = reviewReportDocument(
        {
          regulationTitle: reg.title,
          kind: input.kind,
          n: input.n,
          meetingDate: input.meetingDate,
          areas: reg.areas.map((a) => ({
            id: a.id,
            title: a.title,
            reports: reg.bodies
              .filter((b) => reports[b.id]?.[a.id])
              .map((b) => ({ body: b.name, text: reports[b.id]![a.id]! })),
          })),
          missing: reg.bodies.filter((b) => !reports[b.id]).map((b) => b.name),
          ...(outcome
            ? { outcome: { decision: outcome.decision, ...(outcome.notes ? { notes: outcome.notes } : {}) } }
            : {}),
          date: ask.date,
        },
        settingsOf(reg),
        reg.secretariat.name,
        locale,
      );
      const name =
        input.kind === 'tong-ket'
          ? { vi: 'bao-cao-tong-ket', en: 'final-review-report' }
          : { vi: `bao-cao-so-ket-lan-${input.n}`, en: `preliminary-review-report-${input.n}` };
      return { attachments: [{ filename: fileName(name, locale), content: await renderDocx(doc), contentType: DOCX }] };
    },
  };
}
