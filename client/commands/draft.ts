/** `regulation draft ID`: records a new draft version, which opens a consultation round. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { UserError } from '../errors';
import { example, lifecycleCommand, parseLines, parseText, parseUrl, print } from './common';
import { updateLifecycle } from './update';

/** The SHA-256 of a file, read as a stream so large scans need no memory. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(file), hash);
  } catch (err) {
    throw new UserError(
      `--file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the path`,
    );
  }
  return hash.digest('hex');
}

/** Registers `draft`. */
export function registerDraft(program: Command): void {
  const cmd = lifecycleCommand(program, 'draft', 'record a draft version (sent to every body for comments)')
    .requiredOption('--version <label>', 'version label, e.g. v2', parseText)
    .requiredOption('--link <url>', 'where the bodies read the draft (http or https)', parseUrl)
    .option('--file <path>', 'the draft file: its SHA-256 is recorded so everyone can check the copy they read')
    .option('--note <text>', 'what changed, for the covering email', parseLines)
    .action(async (id: string, opts: { version: string; link: string; file?: string; note?: string }) => {
      const sha256 = opts.file ? await sha256File(opts.file) : undefined;
      // The update answers with a receipt; the state after it is the status query's.
      const receipt = await updateLifecycle(
        id,
        (api) => api.submitDraft(id, { version: opts.version, link: opts.link, sha256, note: opts.note }),
        () => `Draft ${opts.version} recorded for ${id}${sha256 ? ` (sha256 ${sha256})` : ''}`,
      );
      // The round opens in the workflow's next step, which may not have run yet.
      if (receipt.stage === 'drafting' || receipt.stage === 'revision')
        print(`A consultation round opens now and every body is asked for comments: see 'regulation status ${id}'`);
    });
  example(
    cmd,
    'regulation draft long-an-hdnd-tand-2022 --version v2 --link https://docs.example.org/quy-che-v2.pdf --file quy-che-v2.pdf',
  );
}
