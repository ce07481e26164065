/**
 * Every kind of document the engine writes, in both styles, both languages, with short and long
 * content: what the .docx and PDF tests render and check, and what test/artifacts keeps for reading.
 */
import {
  commentTableDocument,
  explanationTableData,
  explanationTableDocument,
  recordDocument,
  reviewConclusionDocument,
  reviewReportData,
  reviewReportDocument,
  type DocumentSettings,
  type OfficialDocument,
} from '../../activities/documents';
import type { LifecycleStatus } from '../../domain/lifecycle';
import type { Locale } from '../../domain/locale';
import type { Regulation } from '../../domain/regulation';
import { LONG_STATUS, PARTY_SETTINGS, REG, REG3, STATE_SETTINGS, STATUS } from './fixtures';

export const KINDS = ['comments', 'explanations', 'review-report', 'conclusions', 'record'] as const;
export type Kind = (typeof KINDS)[number];
export type Style = 'state' | 'party';
export type Length = 'short' | 'long';

export interface Sample {
  name: string;
  kind: Kind;
  style: Style;
  locale: Locale;
  length: Length;
  doc: OfficialDocument;
}

/** One document of a kind, built from the short (two bodies) or long (three bodies, twelve comments) lifecycle. */
export function build(
  kind: Kind,
  settings: DocumentSettings,
  locale: Locale,
  length: Length = 'short',
): OfficialDocument {
  const reg: Regulation = length === 'long' ? REG3 : REG;
  const status: LifecycleStatus = length === 'long' ? LONG_STATUS : STATUS;
  const round = status.rounds[0]!;
  switch (kind) {
    case 'comments': {
      // When the round closes nothing is answered yet.
      const { responses: _none, ...closed } = round;
      return commentTableDocument(
        explanationTableData(closed, reg, '2022-09-30'),
        settings,
        reg.secretariat.name,
        locale,
      );
    }
    case 'explanations':
      return explanationTableDocument(
        explanationTableData(round, reg, '2022-10-10', 'v2'),
        settings,
        reg.secretariat.name,
        locale,
      );
    case 'review-report':
      return reviewReportDocument(
        reviewReportData(status.reviews[0]!, reg, '2023-10-27', status.effectiveDate),
        settings,
        reg.secretariat.name,
        locale,
      );
    case 'conclusions':
      return reviewConclusionDocument(
        reviewReportData(status.reviews[0]!, reg, '2023-11-06', status.effectiveDate),
        settings,
        reg.secretariat.name,
        locale,
      )!;
    case 'record':
      return recordDocument({ ...status, now: '2023-11-20T03:00:00.000Z' }, reg, settings, locale);
  }
}

export function allSamples(): Sample[] {
  const out: Sample[] = [];
  for (const kind of KINDS)
    for (const style of ['state', 'party'] as const)
      for (const locale of ['vi', 'en'] as const)
        for (const length of ['short', 'long'] as const)
          out.push({
            name: `${kind}-${style}-${locale}-${length}`,
            kind,
            style,
            locale,
            length,
            doc: build(kind, style === 'state' ? STATE_SETTINGS : PARTY_SETTINGS, locale, length),
          });
  return out;
}
