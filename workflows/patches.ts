/**
 * Every patch of running workflow code, in one place (README: Changing running workflows).
 *
 * A patch lives through three steps, as in Temporal's patching samples:
 *   1. `isPatched(name)` (Temporal's `patched`): new runs take the new branch and record a marker;
 *      runs recorded before the patch shipped replay the old branch.
 *   2. Once no running lifecycle started before `shipped` (a visibility query, README), the call
 *      becomes `deprecatePatch` and the old branch goes; `deprecated` gets the date.
 *   3. Once no running lifecycle carries the marker any more, the entry and its histories go.
 *
 * `oldBranch` lists recorded histories (test/histories) that were written before the patch and
 * run its old branch: test/workflows/patches.test.ts replays each with the patch forced on and
 * expects a determinism failure, so a listed history really exercises the old branch.
 */
import { patched } from '@temporalio/workflow';

export interface PatchEntry {
  /** The marker id recorded in histories: never changes. */
  id: string;
  /** The day the patch shipped (UTC date). */
  shipped: string;
  /** What the new branch does differently. */
  why: string;
  /** Recorded histories (relative to test/histories) whose replay runs the old branch. */
  oldBranch: readonly string[];
}

export const PATCHES = {
  escalationCatchUp: {
    id: 'escalation-catch-up',
    shipped: '2026-11-26',
    why: 'a lifecycle started or resumed long after a deadline sends only the latest due escalation, not every missed one',
    oldBranch: ['evidence/000-nondeterminism-rel-14.json'],
  },
  alwaysTimer: {
    id: 'always-timer',
    shipped: '2026-11-29',
    why: 'every wait starts a timer, even for a moment already past, so commands never depend on the time a worker reads',
    oldBranch: ['silence/002-late-start.json'],
  },
  skipAnsweredRequests: {
    id: 'skip-answered-requests',
    shipped: '2026-11-29',
    why: 'a request is not sent to a body that has already answered',
    oldBranch: ['evidence/000-nondeterminism-rel-14.json'],
  },
  stageOfRun: {
    id: 'stage-of-run',
    shipped: '2026-11-29',
    why: 'a run that continues as new no longer records the next stage in its search attributes just before it ends',
    oldBranch: ['source-scenario/000-long-an-hdnd-tand-2022.json', 'amendment/000-amendment.json'],
  },
  parallelSends: {
    id: 'parallel-sends',
    shipped: '2026-11-30',
    why: "the messages of one step go out at once, so one body's slow mail server holds up nobody else",
    oldBranch: ['calendar-change/000-calendar-change.json'],
  },
} as const satisfies Record<string, PatchEntry>;

export type PatchName = keyof typeof PATCHES;

/** Whether this run takes the patch's new branch: the one way workflow code asks. */
export function isPatched(name: PatchName): boolean {
  return patched(PATCHES[name].id);
}
