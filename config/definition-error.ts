/**
 * The error of a definition that must not start, apart from the schema that raises it: the CLI
 * reports it without loading zod and the YAML parser for commands that read no definition.
 */

/** Raised for a definition that must not start: every problem at once, one line each. */
export class DefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'DefinitionError';
  }
}
