/**
 * Where pages ended, kept between runs of `regulation list`. Each run is a new process, so the
 * listing's hints (client/listing.ts) would start empty and every run would search where its page
 * ends: a dozen counts where one does. A small JSON file in the user's cache directory
 * (XDG_CACHE_HOME, else ~/.cache), one per server and namespace. Hints are checked guesses, never
 * results: a stale one costs one list of about a page, and a missing or unreadable file is no hints.
 * The file also keeps, for a day, whether the server reports stuck runs (`TemporalReportedProblems`),
 * which each run would otherwise ask with a describe of the namespace.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ListingHint, VisibilityListing } from './listing';

/** The hints file of one server and namespace. */
export function hintsFile(address: string, namespace: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const id = crypto.createHash('sha256').update(`${address}\n${namespace}`).digest('hex').slice(0, 16);
  return path.join(dir, 'regulation', `listing-hints-${id}.json`);
}

/** What a run of `regulation list` keeps for the next: the listing's hints and the server's answer on stuck rows. */
export type ListingCache = Pick<VisibilityListing, 'hints' | 'problems'>;

/** How long the server's answer on `TemporalReportedProblems` is trusted (a server upgrade may change it). */
const PROBLEMS_FOR_MS = 24 * 3600_000;

/** The hints in `file` (and the server's answer on stuck rows, if under a day old), into `into`; anything unreadable is left out. */
export function loadHints(file: string, into: ListingCache, now = Date.now()): void {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { hints?: unknown; problems?: unknown } | null;
    if (!saved || !Array.isArray(saved.hints)) return;
    for (const e of saved.hints) {
      if (!Array.isArray(e) || typeof e[0] !== 'string') continue;
      const { end, held } = (e[1] ?? {}) as Partial<ListingHint>;
      if (Number.isFinite(end) && Number.isInteger(held) && held! >= 0)
        into.hints.set(e[0], { end: end!, held: held! });
    }
    const p = (saved.problems ?? {}) as { value?: unknown; asked?: unknown };
    if (
      typeof p.value === 'boolean' &&
      typeof p.asked === 'number' &&
      p.asked <= now &&
      now - p.asked < PROBLEMS_FOR_MS
    )
      into.problems = { value: p.value, asked: p.asked };
  } catch {
    // No file yet, or not ours: no hints.
  }
}

/** What saveHints would write: compare before and after a run to write only on a change. */
export function hintsText(from: ListingCache): string {
  return JSON.stringify({ hints: [...from.hints], problems: from.problems });
}

/** Writes the hints (whole file at once, so a run reading it meanwhile sees the old or the new). */
export function saveHints(file: string, from: ListingCache): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, hintsText(from));
    fs.renameSync(tmp, file);
  } catch {
    // A cache: a read-only home never fails the command.
  }
}
