/**
 * The CLI's and the API's user-facing error, in a module of its own so that commands can throw
 * it without loading the Temporal client (which only commands that talk to Temporal need).
 */

/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}
