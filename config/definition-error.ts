/**
 * The error of a definition that must not start, apart from the schema that raises it: the CLI
 * reports it without loading zod and the YAML parser for commands that read no definition.
 */
import { oneLineMessage } from '../domain/text';

/** Raised for a definition that must not start: every problem at once, one line each. */
export class DefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    // Each problem on one line, whatever the file held: its invisible characters are shown escaped.
    super(
      `${oneLineMessage(source)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${oneLineMessage(p)}`).join('\n')}`,
    );
    this.name = 'DefinitionError';
  }
}
