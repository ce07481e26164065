/** `regulation exchange ID`: logs information one body sent to others, for the record. */
import type { Command } from 'commander';
import { collect, example, lifecycleCommand, parseLines, parseText, parseUrl } from './common';
import { updateLifecycle } from './update';

/** Registers `exchange`. */
export function registerExchange(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'exchange',
    'log an information exchange between bodies (kept in the record and the export)',
  )
    .requiredOption('--from <body>', 'the sending body', parseText)
    .requiredOption('--to <body>', 'a receiving body; repeatable', collect(parseText))
    .requiredOption('--subject <text>', 'what it is about', parseText)
    .requiredOption('--summary <text>', 'a summary of the information', parseLines)
    .option('--link <url>', 'where the document is (http or https)', parseUrl)
    .action(
      async (id: string, opts: { from: string; to: string[]; subject: string; summary: string; link?: string }) => {
        const to = opts.to
          .flatMap((t) => t.split(','))
          .map((t) => t.trim())
          .filter(Boolean);
        const { from, subject, summary, link } = opts;
        await updateLifecycle(
          id,
          (api) => api.logInformationExchange(id, { from, to, subject, summary, link }),
          () => `Exchange from ${from} to ${to.join(', ')} logged: ${subject}`,
        );
      },
    );
  example(
    cmd,
    'regulation exchange long-an-hdnd-tand-2022 --from tand --to hdnd --subject "Q3 adjudication statistics" --summary "1,204 cases resolved" --link https://docs.example.org/q3.pdf',
  );
}
