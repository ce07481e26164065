/**
 * The schedule clock. A lifecycle lives in "schedule time": real time by default, or a
 * rehearsal where a day passes in a second. The same workflow code runs in both; only the
 * conversion of a schedule instant into a timer duration differs.
 */
import { condition } from '@temporalio/workflow';
import type { ClockAnchor, ClockOptions } from './definitions';

/** Creates the anchor at the first run; Date.now() is the deterministic workflow time here. */
export function anchorClock(opts: ClockOptions | undefined): ClockAnchor {
  const realStart = new Date(Date.now()).toISOString();
  return { realStart, scheduleStart: opts?.startAt ?? realStart, speedup: opts?.speedup ?? 1 };
}

export class ScheduleClock {
  constructor(readonly anchor: ClockAnchor) {}

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
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instantMs));
  }

  today(zone: string): string {
    return this.localDate(this.nowMs(), zone);
  }

  /**
   * Waits until `fn` is true or schedule time reaches `untilIso`. Returns true when `fn` fired.
   * The timer is real time divided by the speed-up; its summary shows in the Temporal UI.
   */
  async waitUntil(fn: () => boolean, untilIso: string, summary: string): Promise<boolean> {
    const remainingMs = (Date.parse(untilIso) - this.nowMs()) / this.anchor.speedup;
    if (remainingMs <= 0) return fn();
    // Timers shorter than 1 ms round to 0 (no timer); keep at least 1 ms.
    return condition(fn, Math.max(1, Math.ceil(remainingMs)), { summary });
  }
}
