/**
 * `npm run console`: the secretariat console as a process of its own, against the Temporal
 * server of the environment config (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, …) and the same
 * settings as `npm start` (PORTAL_*, CONSOLE_*, SMTP_URL, OIDC_*). A slow page then never delays a
 * workflow task, and the console and the workers scale separately. `npm start` still runs both.
 */
import path from 'node:path';
import { RegulationsClient } from '../client/api';
import { connectClient, temporalTarget } from '../client/connection';
import { startConsole } from '../client/console/app';
import { readConsoleEnv } from '../config/console';
import { readEnv } from '../config/env';

async function main(): Promise<void> {
  const env = readEnv();
  if (!env.portalSecret)
    throw new Error("PORTAL_SECRET is not set: set the key that signs links (e.g. 'openssl rand -base64 32')");
  const client = await connectClient(temporalTarget());
  const { stateDir } = readConsoleEnv();
  const console_ = await startConsole({
    port: env.portalPort,
    baseUrl: env.portalUrl,
    secret: env.portalSecret,
    sessionSecret: env.consoleSecret,
    api: new RegulationsClient(client, env.taskQueue),
    log: (line) => console.log(line),
    rateLimit: env.portalRateLimit,
    signInRateLimit: env.consoleSignInRateLimit,
    trustProxy: env.portalTrustProxy,
    operators: env.consoleOperators,
    smtpUrl: env.smtpUrl,
    mailFrom: env.mailFrom,
    calendarStateFile: stateDir ? path.join(stateDir, 'calendar-feeds.json') : undefined,
    oidc: env.oidc,
    calendarDir: env.calendarDir,
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    void console_
      .close()
      .then(() => client.connection.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`npm run console: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  process.exit(1);
});
