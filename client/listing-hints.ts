/**
 * Where pages ended, kept between runs of `regulation list`. Each run is a new process, so the
 * listing's hints (client/listing.ts) would start empty and every run would search where its page
 * ends: a dozen counts where one does. A small JSON file in the user's cache directory
 * (XDG_CACHE_HOME, else ~/.cache), one per server and namespace. Hints are checked guesses, never
 * results: a stale one costs one list of about a page, and a missing or unreadable file is no hints.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ListingHint } from './listing';

/** The hints file of one server and namespace. */
export function hintsFile(address: string, namespace: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const id = crypto.createHash('sha256').update(`${address}\n${namespace}`).digest('hex').slice(0, 16);
  return path.join(dir, 'regulation', `listing-hints-${id}.json`);
}

/** The hints in `file`, into `into`; anything unreadable is left out. */
export function loadHints(file: string, into: Map<string, ListingHint>): void {
  try {
    const entries: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(entries)) return;
    for (const e of entries) {
      if (!Array.isArray(e) || typeof e[0] !== 'string') continue;
      const { end, held } = (e[1] ?? {}) as Partial<ListingHint>;
      if (Number.isFinite(end) && Number.isInteger(held) && held! >= 0) into.set(e[0], { end: end!, held: held! });
    }
  } catch {
    // No file yet, or not ours: no hints.
  }
}

/** Writes the hints (whole file at once, so a run reading it meanwhile sees the old or the new). */
export function saveHints(file: string, hints: Map<string, ListingHint>): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify([...hints]));
    fs.renameSync(tmp, file);
  } catch {
    // A cache: a read-only home never fails the command.
  }
}
