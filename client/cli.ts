/**
 * `regulation`: the command line for the secretariat and operators. One module per command
 * under commands/; this file wires them and turns errors into one line on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { PROJECT_ROOT } from '../config/paths';
import { DefinitionError } from '../config/definition-error';
import { oneLineMessage } from '../domain/text';
import { UserError } from './errors';
import { registerAnswerComments } from './commands/answer-comments';
import { registerCalendar } from './commands/calendar';
import { registerDraft } from './commands/draft';
import { registerExchange } from './commands/exchange';
import { registerExport } from './commands/export';
import { registerExtend } from './commands/extend';
import { registerFeedback } from './commands/feedback';
import { registerList } from './commands/list';
import { registerOutcome } from './commands/outcome';
import { registerPlan } from './commands/plan';
import { registerReport } from './commands/report';
import { registerScheduleSigning } from './commands/schedule-signing';
import { registerSign } from './commands/sign';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerValidate } from './commands/validate';
import { registerWithdraw } from './commands/withdraw';

/** Builds the program with every command registered. */
export function buildProgram(): Command {
  // Read, not imported: a JSON import would put a second package.json into dist/.
  const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const program = new Command('regulation')
    .version(version)
    // Program options only before the command name: `draft --version v2` is the draft's label.
    .enablePositionalOptions()
    .description('Coordination regulations between public bodies: drafting, consultation, signing, reviews')
    // Set before the commands are added: subcommands copy these settings when created.
    .exitOverride()
    // Commander echoes the argument in its message: its invisible characters are shown escaped, so
    // the message stays one line whatever was typed (a suggestion keeps its own line).
    .configureOutput({
      outputError: (str, write) => {
        const [message = '', ...hint] = str.replace(/\n+$/, '').split('\n(Did you mean');
        write(`${[oneLineMessage(message), ...hint].join('\n(Did you mean').replace(/^error: /, 'regulation: ')}\n`);
      },
    })
    .showSuggestionAfterError();
  registerPlan(program);
  registerValidate(program);
  registerStart(program);
  registerStatus(program);
  registerList(program);
  registerDraft(program);
  registerFeedback(program);
  registerAnswerComments(program);
  registerScheduleSigning(program);
  registerSign(program);
  registerReport(program);
  registerOutcome(program);
  registerExtend(program);
  registerExchange(program);
  registerWithdraw(program);
  registerExport(program);
  registerCalendar(program);
  program.addHelpText(
    'after',
    [
      '',
      'Environment:',
      '  TEMPORAL_ADDRESS     Temporal frontend (default localhost:7233), TEMPORAL_NAMESPACE (default "default")',
      '  TEMPORAL_TASK_QUEUE  the workers\' task queue (default "regulations")',
      '  TEMPORAL_UI_URL      base URL for printed UI links (default http://localhost:8233)',
      '  DEBUG=1              print stack traces of unexpected errors',
      '',
      'Example:',
      '  $ regulation start config/regulations/long-an-2022.yaml',
      '  $ regulation status long-an-hdnd-tand-2022',
      '',
    ].join('\n'),
  );
  return program;
}

/** Prints an error the way its audience needs it; returns the exit code. */
export function reportError(err: unknown): number {
  // Commander already printed usage errors (and help or the version, with exit code 0).
  if (err instanceof CommanderError) return err.exitCode;
  if (err instanceof DefinitionError) {
    process.stderr.write(`regulation: ${err.message}\n`);
    return 1;
  }
  if (err instanceof UserError) {
    process.stderr.write(`regulation: ${oneLineMessage(err.message)}\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`regulation: unexpected error: ${oneLineMessage(message.split('\n')[0]!)}\n`);
  if (process.env.DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  else process.stderr.write('  (a bug or an unusual setup: rerun with DEBUG=1 to see the stack, and report it)\n');
  return 1;
}

/** Runs the CLI on argv and sets the process exit code. */
export async function run(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

if (require.main === module) void run();
