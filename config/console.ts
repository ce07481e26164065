/**
 * Settings of the console and of the links the client prints, from the environment: the only place
 * besides config/env.ts that reads it for them. Parsed with zod; a bad value is one line naming the
 * variable and the fix.
 */
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './paths';

/** The console's and the client's settings read from the environment. */
export interface ConsoleEnv {
  /** Base URL of the Temporal UI for links shown to people (TEMPORAL_UI_URL). */
  temporalUiUrl: string;
  /** Directory of working-day calendar files (CALENDAR_DIR), as the worker reads it. */
  calendarDir: string;
  /** Where the console keeps what must outlive a restart (CONSOLE_STATE_DIR); unset = memory only. */
  stateDir?: string;
}

const httpUrl = (fix: string) =>
  z.string().regex(/^https?:\/\/[^\s/]+/, { message: `is not an http(s) URL: set ${fix}` });

const schema = z.object({
  TEMPORAL_UI_URL: httpUrl('the Temporal UI address, e.g. http://localhost:8233').default('http://localhost:8233'),
  CALENDAR_DIR: z.string().default(path.join(PROJECT_ROOT, 'config', 'calendars')),
  CONSOLE_STATE_DIR: z.string().optional(),
});

/** Reads the console's settings; throws one line naming the variable when one is malformed. */
export function readConsoleEnv(env: NodeJS.ProcessEnv = process.env): ConsoleEnv {
  // An empty variable counts as unset.
  const set = (v: string | undefined): string | undefined => (v ? v : undefined);
  const parsed = schema.safeParse({
    TEMPORAL_UI_URL: set(env.TEMPORAL_UI_URL),
    CALENDAR_DIR: set(env.CALENDAR_DIR),
    CONSOLE_STATE_DIR: set(env.CONSOLE_STATE_DIR),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new Error(`${name}=${env[name] ?? ''} ${issue.message}`);
  }
  const e = parsed.data;
  return {
    temporalUiUrl: e.TEMPORAL_UI_URL,
    calendarDir: e.CALENDAR_DIR,
    ...(e.CONSOLE_STATE_DIR ? { stateDir: e.CONSOLE_STATE_DIR } : {}),
  };
}
