/**
 * The regulation definition as workflows receive it, and the words of its decisions. Pure types:
 * shared by the definition schema (config/), the workflows, the activities and the clients.
 */
import type { Localized, Locale } from './locale';
import type { Period } from './schedule/period';

export interface Person {
  name: string;
  email: string;
}
export interface BodyDefinition {
  id: string;
  name: Localized;
  locale: Locale;
  contacts: Person[];
  leaders: Person[];
  signatory: { name: string; title: string };
}

/**
 * The regulation definition as the workflows receive it: written out here, not derived from the
 * zod schema (config/regulation.ts checks that its output fits), so a new `.default()` in the
 * schema cannot silently change what inputs recorded years ago look like. A field added later
 * is optional here and defaulted where it is read.
 */
export interface Regulation {
  id: string;
  title: Localized;
  timezone: string;
  calendar: string;
  kickoff: string;
  secretariat: { name: Localized; locale: Locale; contacts: Person[] };
  bodies: BodyDefinition[];
  areas: { id: string; title: Localized }[];
  signing?: { at?: string; place?: string };
  /** Added later (absent = required): whether every comment needs an answer before the next draft. */
  commentAnswers?: 'required' | 'optional';
  /**
   * Added later (absent = state style, the secretariat as issuer): how generated documents look and
   * who issues and signs them. `issuer.body`, `issuer.code`, `signer.capacity` and `regulationNumber`
   * came later still; definitions recorded before them read as an issuer named outright, signing as its head.
   */
  documents?: {
    style: 'state' | 'party';
    issuer?: { parent?: Localized; name?: Localized; body?: string; code?: string };
    place?: Localized;
    signer?: { capacity?: 'collective' | 'head'; title?: Localized; name?: string };
    regulationNumber?: string;
  };
  schedule: {
    drafting: Period;
    consultation: Period;
    revision: Period;
    maxRounds: number;
    silence: 'escalate' | 'consent';
    signing: Period;
    preliminaryReviews: Period;
    reportsDue: Period;
    reviewNotice: Period;
    finalReview: string;
    reminders: Period[];
    reminderTime: string;
    meetingTime: string;
    /** `max` came later: definitions recorded before it escalate until an answer. */
    escalation: { after: Period; repeat: Period; max?: number };
  };
}

export type Stage = 'drafting' | 'consultation' | 'revision' | 'signing' | 'in-force' | 'closed' | 'withdrawn';
export type Decision = 'agree' | 'request-changes';
export type ReviewDecision = 'continue' | 'amend' | 'end';

/** How the secretariat took in one comment: tiếp thu, tiếp thu một phần, không tiếp thu. */
export type Handling = 'accepted' | 'partly-accepted' | 'not-accepted';

/** A review: a sơ kết (preliminary) or the tổng kết (final). */
export type ReviewKind = 'so-ket' | 'tong-ket';
