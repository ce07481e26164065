/**
 * What operators and search see of a lifecycle run: its search attributes (stage, next deadline,
 * pending bodies) and the Temporal UI's current details. Details are metadata, not history;
 * search attributes are upserted only when they change.
 */
import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { inline } from '../domain/markdown';
import { isPatched } from './patches';
import { listingOpenWork, listingPeople, listingText, type ListingMemo } from '../domain/listing';
import type { DeadlineWatcher } from './deadline-watch';
import type { LifecycleState, LifecycleStatus } from '../domain/lifecycle';
import type { Regulation } from '../domain/regulation';
import { LABELS, STAGE } from '../domain/words';
import { lifecycleListing } from '../domain/lifecycle-listing';
import {
  NEXT_DEADLINE,
  OPEN_WORK,
  PENDING_BODIES,
  REGULATION_ID,
  REGULATION_PEOPLE,
  REGULATION_STAGE,
  REGULATION_TEXT,
} from './search-attributes';
import { currentRound } from './validators';

/** The memo key under which a run's listing is written. */
export const LISTING_MEMO_KEY = 'listing';

/** Writes a listing memo and its search attributes when it changed since `last`; returns what was written. */
export function publishListing(reg: Regulation, memo: ListingMemo, last: string): string {
  const snapshot = JSON.stringify(memo);
  if (snapshot === last) return last;
  const open = listingOpenWork(memo);
  upsertMemo({ [LISTING_MEMO_KEY]: memo });
  upsertSearchAttributes([
    { key: REGULATION_PEOPLE, value: listingPeople(memo) },
    { key: OPEN_WORK, value: open },
    { key: REGULATION_TEXT, value: listingText(reg) },
  ]);
  return snapshot;
}

export class Visibility {
  private published = '';
  private listed = '';

  constructor(
    private readonly reg: Regulation,
    private readonly s: LifecycleState,
    private readonly watcher: () => DeadlineWatcher,
    private readonly status: () => LifecycleStatus,
    private readonly lifecycleId: string,
  ) {}

  /** Refreshes the details, and the search attributes if stage, next deadline or pending bodies changed. */
  publish(): void {
    this.details();
    const s = this.s;
    const pending = [
      ...new Set(
        this.watcher()
          .allPending()
          .filter((p) => p !== 'secretariat'),
      ),
    ].sort();
    const next = Object.values(s.deadlines)
      .map((e) => e.at)
      .sort()[0];
    if (isPatched('listingMemo'))
      this.listed = publishListing(this.reg, lifecycleListing(this.reg, this.lifecycleId, this.status()), this.listed);
    const snapshot = JSON.stringify([s.stage, next, pending]);
    if (snapshot === this.published) return;
    this.published = snapshot;
    upsertSearchAttributes([
      { key: REGULATION_ID, value: this.reg.id },
      { key: REGULATION_STAGE, value: s.stage },
      { key: NEXT_DEADLINE, value: next ? new Date(next) : null },
      { key: PENDING_BODIES, value: pending },
    ]);
  }

  /** The UI's current details: stage, round, open deadlines, what comes next. */
  details(): void {
    const s = this.s;
    const r = currentRound(s);
    const lines = [
      // The start's summary stays with the first run; every run names the regulation here.
      // Texts people typed are Markdown-escaped: the UI renders details as Markdown.
      `${this.reg.id} — ${inline(this.reg.title.vi)}`,
      `**${STAGE[s.stage].en}** (${STAGE[s.stage].vi})${s.cycle > 1 ? ` — amendment ${s.cycle - 1}` : ''}`,
      s.roundsExhausted
        ? 'All consultation rounds used: waiting for the leaders to grant another (extendDeadline rounds)'
        : undefined,
      r ? `Round ${r.n}, draft ${inline(r.draftVersion)}` : undefined,
      ...Object.values(s.deadlines).map(
        (e) => `Deadline: ${inline(e.label.en)} (${inline(e.label.vi)}), last day ${e.lastDay}`,
      ),
      s.signing.effectiveDate ? `Effective since ${s.signing.effectiveDate}` : undefined,
      s.nextReview
        ? `Next review: ${LABELS.review(s.nextReview.kind, s.nextReview.n).en} on ${s.nextReview.meetingDate}`
        : undefined,
      s.withdrawn ? `Withdrawn: ${inline(s.withdrawn.reason)}` : undefined,
    ];
    setCurrentDetails(lines.filter(Boolean).join('\n\n'));
  }
}
