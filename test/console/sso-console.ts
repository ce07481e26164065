/**
 * The console as its own process, for the single sign-on test: openid-client is an ES module,
 * which the console loads with a real dynamic import; jest's CommonJS module system cannot, so
 * the test starts this file under plain Node (ts-node) instead of the console in its own process.
 *
 * Its settings come from the environment as in production (readEnv: PORTAL_PORT, PORTAL_URL,
 * PORTAL_SECRET, SMTP_URL, TEMPORAL_*, OIDC_*), plus CONSOLE_OPERATORS. Each log line goes to stdout.
 */
import { RegulationsClient } from '../../client/api';
import { startConsole } from '../../client/console/app';
import { connectClient, temporalTarget } from '../../client/connection';
import { readEnv } from '../../config/env';

async function main(): Promise<void> {
  const env = readEnv();
  const client = await connectClient(temporalTarget());
  const api = new RegulationsClient(client, env.taskQueue);
  const app = await startConsole({
    port: env.portalPort,
    baseUrl: env.portalUrl,
    secret: env.portalSecret!,
    api,
    log: (line) => console.log(line),
    signInRateLimit: 0,
    operators: env.consoleOperators,
    smtpUrl: env.smtpUrl,
    oidc: env.oidc,
  });
  const stop = (): void => {
    void app
      .close()
      .then(() => api.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`sso console: ${(err as Error).message}`);
  process.exit(1);
});
