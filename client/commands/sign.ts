/** `regulation sign ID`: records a body's signature. */
import type { Command } from 'commander';
import { example, parseDateTime, parseText, print, withClient } from './common';
import { brief } from './status';

/** Registers `sign`. */
export function registerSign(program: Command): void {
  const cmd = program
    .command('sign')
    .description("record a body's signature on the agreed regulation")
    .argument('<id>', 'lifecycle id')
    .requiredOption('--body <id>', 'the signing body, e.g. hdnd', parseText)
    .requiredOption('--signer <name>', 'who signed', parseText)
    .option('--signed-at <datetime>', 'when, e.g. "2022-11-10 09:30" (default: now)', parseDateTime)
    .action(async (id: string, opts: { body: string; signer: string; signedAt?: string }) => {
      await withClient(async (api) => {
        await api.recordSignature(id, { body: opts.body, signer: opts.signer, signedAt: opts.signedAt });
        print(`Signature of ${opts.body} (${opts.signer}) recorded`, brief(await api.liveStatus(id)));
      });
    });
  example(cmd, 'regulation sign long-an-hdnd-tand-2022 --body hdnd --signer "Mai Văn Nhiều"');
}
