/**
 * What an official document is made of, before it is rendered to .docx: plain data, no I/O.
 * The builders (explanation table, review report, full record) produce an OfficialDocument;
 * render.ts turns one into a .docx following Decree 30/2020/NĐ-CP (state bodies) or the
 * Party's guidance on documents (Party bodies), as the regulation's definition says.
 */

import type { Locale, Localized } from '../../domain/locale';

/** Which presentation rules a regulation's documents follow. */
export type DocumentStyle = 'state' | 'party';

/** Whether the signer signs for a collective body ("TM." / "T/M" + its name) or as the head of the issuer (title alone). */
export type SignerCapacity = 'collective' | 'head';

/** What a definition says about its documents (see config/regulation.ts for the checks). */
export interface DocumentSettings {
  style: DocumentStyle;
  /** The issuing body of the header block: its parent (the line above it) and its own name. */
  issuer: {
    parent?: Localized;
    name: Localized;
    /** Abbreviation in the number line ("ĐĐ"); default: the name's initials. */ code?: string;
  };
  /** The id of the body that issues the documents, when it is one of the regulation's bodies: never in its own Nơi nhận. */
  issuerBody?: string;
  /** The place of the date line ("Long An, ngày …"). */
  place?: Localized;
  /** Who signs: for a collective ("T/M Đảng đoàn …") or as head (title alone); title and name below. */
  signer?: { capacity?: SignerCapacity; title?: Localized; name?: string };
  /** The Quy chế's own number once signed ("05-QC/ĐĐ-BCSĐ"), cited with its date in reports. */
  regulationNumber?: string;
}

/** One block of the body text. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; italic?: boolean; bold?: boolean }
  | {
      kind: 'table';
      columns: string[];
      /** Rows of cells, or a group heading spanning the table ("I. Lãnh đạo giám sát …"). */
      rows: (string[] | { group: string })[];
      /** Relative widths, one per column; the renderer widens a column whose longest word would not fit. */
      widths?: number[];
    };

/** A document ready to render: every text already in the reader's language. */
export interface OfficialDocument {
  style: DocumentStyle;
  locale: Locale;
  /** Header block, left: parent line (optional) and the issuing body. */
  issuer: {
    parent?: string;
    name: string;
    /** Abbreviation of the issuer in the number line ("Số:  /BC-VPGV"). */ code?: string;
  };
  /** Document-kind code of the number line (Decree 30/2020 Appendix III): "BC" báo cáo, "TB" thông báo. */
  kindCode: string;
  /** The number; left blank for the clerk to fill in when absent ("Số:      /BC-…"). */
  number?: string;
  place?: string;
  /** YYYY-MM-DD local. */
  date: string;
  /** Title, printed in capitals, and the line under it (trích yếu). */
  title: string;
  subtitle?: string;
  blocks: Block[];
  /** Signature block: capacity line for a collective ("T/M ĐẢNG ĐOÀN"), the signer's title, name. */
  signature: { capacity?: string; title?: string; name?: string };
  /** Who prepared the file (the core properties' author): the secretariat. */
  author?: string;
  /** "Nơi nhận:" list. */
  recipients?: string[];
}

/** How the secretariat handled one comment (tiếp thu, tiếp thu một phần, không tiếp thu). */
export type Handling = 'accepted' | 'partly-accepted' | 'not-accepted';

/** One row of the comment and explanation table (bảng tổng hợp, tiếp thu, giải trình ý kiến). */
export interface ExplanationRow {
  /** Comment id, e.g. "tand-2": body id and the comment's number in that body's answer. */
  id: string;
  body: Localized;
  area?: { id: string; title: Localized };
  comment: string;
  /** Official letter number (số công văn) of the body's answer, if any. */
  reference?: string;
  handling?: Handling;
  explanation?: string;
}

/** The table of one round, as the explanation-table builder takes it. */
export interface ExplanationTableData {
  regulationTitle: Localized;
  round: number;
  draftVersion: string;
  /** The draft the answers were taken into, if it is known yet. */
  nextDraftVersion?: string;
  rows: ExplanationRow[];
  /** Bodies that agreed without comments (listed after the table). */
  agreedWithoutComments: Localized[];
  /** Bodies that did not answer in time, taken as agreeing (silence counted as consent). */
  silent?: Localized[];
  /** The definition's area ids, in its order: the table's groups follow it. */
  areaOrder?: string[];
  /** Bodies asked in the round (for "n of m bodies answered"). */
  asked?: number;
  /** YYYY-MM-DD local: the day the round was opened and the day it closed. */
  openedOn?: string;
  closedOn?: string;
  /** YYYY-MM-DD local. */
  date: string;
}

/** The compiled report of one review (sơ kết N or tổng kết), from the bodies' per-area reports. */
export interface ReviewReportData {
  regulationTitle: Localized;
  kind: 'so-ket' | 'tong-ket';
  n: number;
  /** YYYY-MM-DD local: the meeting day, and the day the regulation took effect. */
  meetingDate: string;
  effectiveDate?: string;
  areas: { id: string; title: Localized; reports: { body: Localized; text: string }[] }[];
  /**
   * The parts of a báo cáo sơ kết beyond the results per area, as each body wrote them (keys of its
   * report next to the area ids: limitations, lessons, directions, proposals).
   */
  sections?: Partial<Record<ReportSection, { body: Localized; text: string }[]>>;
  /** Bodies that reported, and bodies that sent no report. */
  reported?: Localized[];
  missing: Localized[];
  outcome?: { decision: 'continue' | 'amend' | 'end'; notes?: string };
  /** YYYY-MM-DD local. */
  date: string;
}

/** The parts of a body's review report besides its areas (III–VI of a báo cáo sơ kết). */
export { REPORT_SECTIONS, type ReportSection } from '../../domain/lifecycle';
import type { ReportSection } from '../../domain/lifecycle';
