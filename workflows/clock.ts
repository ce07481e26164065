/**
 * The schedule clock. A lifecycle lives in "schedule time": real time by default, or a
 * rehearsal where a day passes in a second. The same workflow code runs in both; only the
 * conversion of a schedule instant into a timer duration differs.
 */
import { condition } from '@temporalio/workflow';
import type { ClockAnchor, ClockOptions } from '../domain/lifecycle';
import { isPatched } from './patches';

/** Creates the anchor at the first run; Date.now() is the deterministic workflow time here. */
export function anchorClock(opts: ClockOptions | undefined): ClockAnchor {
  const realStart = opts?.anchorAt ?? new Date(Date.now()).toISOString();
  return { realStart, scheduleStart: opts?.startAt ?? realStart, speedup: opts?.speedup ?? 1 };
}

export class ScheduleClock {
  /**
   * True in runs started on this code (marked by the alwaysTimer patch at their first task: runs recorded before it skipped
   * the timer when the moment had passed, so their commands depended on the time a worker read;
   * test/histories/evidence).
   * Create the clock at the start of a workflow run, before its first await.
   */
  readonly alwaysTimer: boolean;

  constructor(readonly anchor: ClockAnchor) {
    this.alwaysTimer = isPatched('alwaysTimer');
  }

  /** Current schedule time in epoch ms. */
  nowMs(): number {
    const a = this.anchor;
    return Date.parse(a.scheduleStart) + (Date.now() - Date.parse(a.realStart)) * a.speedup;
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  /** Local calendar date of a schedule instant (Intl is deterministic inside the workflow sandbox). */
  localDate(instantMs: number, zone: string): string {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(instantMs));
  }

  today(zone: string): string {
    return this.localDate(this.nowMs(), zone);
  }

  /**
   * Waits until `fn` is true or schedule time reaches `untilIso`. Returns true when `fn` fired.
   * The timer is real time divided by the speed-up; its summary shows in the Temporal UI.
   * It always starts a timer, so the commands never depend on the time read here: only the
   * timer's duration does, which replay does not compare.
   */
  async waitUntil(fn: () => boolean, untilIso: string, summary: string): Promise<boolean> {
    const remainingMs = (Date.parse(untilIso) - this.nowMs()) / this.anchor.speedup;
    // Runs recorded before alwaysTimer skipped the timer for a past moment; that survived replay
    // reliably only in a caught-up run (the escalationCatchUp marker marks it), so only there is it
    // kept. The second check runs only in those old runs, as recorded: it stays nested.
    if (remainingMs <= 0 && !this.alwaysTimer && isPatched('escalationCatchUp')) return fn();
    // Timers shorter than 1 ms round to 0 (no timer); keep at least 1 ms.
    return condition(fn, Math.max(1, Math.ceil(remainingMs)), { summary });
  }
}
