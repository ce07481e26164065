/** `regulation sign ID`: records a body's signature. */
import type { Command } from 'commander';
import { example, lifecycleCommand, parseDateTime, parseText } from './common';
import { updateLifecycle } from './update';

/** Registers `sign`. */
export function registerSign(program: Command): void {
  const cmd = lifecycleCommand(program, 'sign', "record a body's signature on the agreed regulation")
    .requiredOption('--body <id>', 'the signing body, e.g. hdnd', parseText)
    .requiredOption('--signer <name>', 'who signed', parseText)
    .option('--signed-at <datetime>', 'when, e.g. "2022-11-10 09:30" (default: now)', parseDateTime)
    .action(async (id: string, opts: { body: string; signer: string; signedAt?: string }) => {
      await updateLifecycle(
        id,
        (api) => api.recordSignature(id, { body: opts.body, signer: opts.signer, signedAt: opts.signedAt }),
        () => `Signature of ${opts.body} (${opts.signer}) recorded`,
      );
    });
  example(cmd, 'regulation sign long-an-hdnd-tand-2022 --body hdnd --signer "Mai Văn Nhiều"');
}
