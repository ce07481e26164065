/**
 * The documents a mail carries, built when it is sent from what the workflow histories hold:
 * the workflow names the document (DocumentAsk), this reads the texts and renders the .docx, so
 * long texts are written to history once (in the updates that recorded them), not in every request.
 */
import type { Client } from '@temporalio/client';
import type { Locale, Localized } from '../../domain/locale';
import { readReviewTexts, readRoundTexts } from '../../history/record';
import { commentRows } from '../../domain/comments';
import type { LifecycleStatus, Round } from '../../domain/lifecycle';
import type { MailAttachment } from '../mail/mailer';
import type { DocumentAsk, HandledComment, MailRequest } from '../../domain/mail';
import {
  documentSettings,
  commentTableDocument,
  explanationTableData,
  explanationTableDocument,
  renderDocx,
  reviewConclusionDocument,
  reviewReportData,
  reviewReportDocument,
} from './index';
import type { DocumentSettings } from './model';

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

/**
 * The day the regulation took effect, from its lifecycle (the Quy chế is cited with it); none if
 * unknown. Once set it never changes, so it is kept (a review's outcome goes to every recipient).
 */
async function effectiveDateOf(
  client: Client,
  lifecycleId: string,
  known: Map<string, string>,
): Promise<string | undefined> {
  const cached = known.get(lifecycleId);
  if (cached) return cached;
  try {
    // By name: the query's definition belongs to the workflows' layer.
    const day = (await client.workflow.getHandle(lifecycleId).query<LifecycleStatus>('status')).effectiveDate;
    if (day) {
      if (known.size >= 1000) known.delete(known.keys().next().value!);
      known.set(lifecycleId, day);
    }
    return day;
  } catch {
    return undefined;
  }
}

/**
 * A few recent results by key: every recipient of one mail gets the same documents, so they are
 * read and rendered once per mail, not once per recipient. A failed attempt is forgotten.
 */
function memo<T>(size: number): (key: string, make: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, make) => {
    const hit = kept.get(key);
    if (hit) return hit;
    const p = make();
    p.catch(() => kept.delete(key));
    if (kept.size >= size) kept.delete(kept.keys().next().value!);
    kept.set(key, p);
    return p;
  };
}

/** Reads what a document needs from the Temporal histories through `client`. */
export function historyDocuments(client: Client): DocumentSource {
  const effective = new Map<string, string>();
  const rounds = memo<{ texts: Awaited<ReturnType<typeof readRoundTexts>>; table: MailAttachment }>(20);
  const reviews = memo<MailAttachment[]>(20);

  async function reviewAttachments(workflowId: string, lifecycleId: string, date: string, locale: Locale) {
    const { input, reports, outcome } = await readReviewTexts(client, workflowId);
    const reg = input.regulation;
    const effectiveDate = await effectiveDateOf(client, lifecycleId, effective);
    const assessed = Object.fromEntries(Object.entries(reports).map(([body, assessments]) => [body, { assessments }]));
    const data = reviewReportData(
      { kind: input.kind, n: input.n, meetingDate: input.meetingDate, reports: assessed, outcome },
      reg,
      date,
      effectiveDate,
    );
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
    return attachments;
  }

  return {
    async forMail(workflowId, req, ask) {
      const locale = req.locale;
      if (ask.kind === 'explanation-table') {
        const { texts, table } = await rounds(
          `${req.lifecycleId}|${ask.round}|${ask.date}|${ask.nextDraftVersion ?? ''}|${locale}`,
          async () => {
            const texts = await readRoundTexts(client, req.lifecycleId, ask.round);
            const doc = explanationTableDocument(
              explanationTableData(texts.round, texts.regulation, ask.date, ask.nextDraftVersion),
              settingsOf(texts.regulation),
              texts.regulation.secretariat.name,
              locale,
            );
            return {
              texts,
              table: {
                filename: explanationFileName(ask.round, locale),
                content: await renderDocx(doc),
                contentType: DOCX,
              },
            };
          },
        );
        const { regulation: reg, round } = texts;
        const rows = commentRows(
          round,
          reg.bodies.map((b) => b.id),
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
          attachments: [table],
        };
      }
      const attachments = await reviews(`${workflowId}|${ask.date}|${locale}`, () =>
        reviewAttachments(workflowId, req.lifecycleId, ask.date, locale),
      );
      return { attachments };
    },
  };
}
