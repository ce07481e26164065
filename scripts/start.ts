/**
 * `npm start`: the whole product on one machine. Uses the Temporal server that the standard
 * environment config points to, or starts a persisted dev server with the Web UI; starts a local
 * mail inbox unless SMTP_URL is set; runs the worker until Ctrl-C, then stops what it started.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { RegulationsClient } from '../client/api';
import { connectClient, temporalTarget } from '../client/connection';
import { startConsole } from '../client/console/app';
import { readEnv, redactUrl } from '../config/env';
import { runWorker } from '../worker/run';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { LOCAL_DIR, PROJECT_ROOT } from './binaries';
import { isPortFree } from './child-service';
import { startDevServer } from './dev-server';
import { startMailInbox } from './mail-inbox';

const PID_FILE = path.join(LOCAL_DIR, 'start.pid');
const DB_FILE = path.join(LOCAL_DIR, 'dev-server.db');
const INBOX_DIR = path.join(LOCAL_DIR, 'inbox');
const PORTAL_SECRET_FILE = path.join(LOCAL_DIR, 'portal-secret');
const PORTS = { temporal: 7233, ui: 8233, smtp: 1025, inbox: 1080 };
const LIFECYCLE_EXAMPLE = 'config/regulations/long-an-2022.yaml';

interface Plan {
  /**
   * Server from TEMPORAL_ADDRESS or an env-config profile; undefined = embedded dev server. The
   * worker reads TLS and API key from the same config itself (client/connection.ts).
   */
  remote?: { address: string };
  namespace: string;
  startInbox: boolean;
  uiUrl: string;
  inboxUrl: string;
}

function makePlan(): Plan {
  let config: ReturnType<typeof loadClientConnectConfig>;
  try {
    config = loadClientConnectConfig();
  } catch (err) {
    throw new Error(`Temporal client config: ${(err as Error).message}`, { cause: err });
  }
  readEnv(); // fail on a bad setting before anything is started
  const namespace = config.namespace ?? 'default';
  const { address } = config.connectionOptions;
  const remote = address ? { address } : undefined;
  const smtpUrl = process.env.SMTP_URL;
  return {
    remote,
    namespace,
    startInbox: !smtpUrl,
    uiUrl: !remote
      ? `http://localhost:${PORTS.ui}`
      : /\.tmprl\.cloud(:\d+)?$/.test(remote.address)
        ? `https://cloud.temporal.io/namespaces/${namespace}/workflows`
        : `the Web UI of ${remote.address}`,
    inboxUrl: smtpUrl ? `your mail server (${redactUrl(smtpUrl)})` : `http://localhost:${PORTS.inbox}`,
  };
}

// --- the lock: one `npm start` per checkout ---------------------------------------------------

interface LockHolder {
  pid: number;
  ui: string;
  inbox: string;
}

function readLock(): LockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(PID_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine = '', ...rest] = text.split('\n');
  const field = (key: string): string | undefined => rest.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  const pid = Number(pidLine.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return {
    pid,
    ui: field('ui') ?? `http://localhost:${PORTS.ui}`,
    inbox: field('inbox') ?? `http://localhost:${PORTS.inbox}`,
  };
}

/** Whether `pid` is a live `npm start` of ours (not a recycled pid of some other program). */
function isStartProcess(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start');
  } catch {
    return true; // no /proc: trust the signal check
  }
}

/** Takes the lock, or returns who holds it; a pid file of a dead process is taken over. */
function acquireLock(plan: Plan): LockHolder | undefined {
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  const content = `${process.pid}\nui=${plan.uiUrl}\ninbox=${plan.inboxUrl}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(PID_FILE, content, { flag: 'wx' });
      return undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock();
    if (holder && isStartProcess(holder.pid)) return holder;
    fs.rmSync(PID_FILE, { force: true });
  }
  throw new Error(
    `could not take the lock ${path.relative(PROJECT_ROOT, PID_FILE)}: remove it if no 'npm start' is running`,
  );
}

function releaseLock(): void {
  if (readLock()?.pid === process.pid) fs.rmSync(PID_FILE, { force: true });
}

// --- the stack --------------------------------------------------------------------------------

async function checkPorts(plan: Plan): Promise<void> {
  const needed: Array<[number, string, string]> = [];
  if (!plan.remote) {
    needed.push([PORTS.temporal, 'Temporal gRPC', 'or set TEMPORAL_ADDRESS to use the server that holds it']);
    needed.push([PORTS.ui, 'Temporal Web UI', 'or set TEMPORAL_ADDRESS to use a running Temporal server']);
  }
  if (plan.startInbox) {
    needed.push([PORTS.smtp, 'mail inbox SMTP', 'or set SMTP_URL to send mail through your own server']);
    needed.push([PORTS.inbox, 'mail inbox web view', 'or set SMTP_URL to send mail through your own server']);
  }
  const { portalPort } = readEnv();
  needed.push([portalPort, 'secretariat console', 'or set PORTAL_PORT to another port']);
  for (const [port, what, hint] of needed) {
    if (!(await isPortFree(port)))
      throw new Error(`port ${port} (${what}) is already in use: stop the program that holds it, ${hint}`);
  }
}

/** Fails early, in one line, if the configured server cannot be reached; warns about missing search attributes. */
async function checkRemote(namespace: string): Promise<void> {
  const client = await connectClient(temporalTarget());
  try {
    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in (customAttributes ?? {})));
    for (const [name, type] of missing) {
      console.warn(
        `warning: search attribute ${name} is not registered: temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${type}`,
      );
    }
  } catch {
    // Temporal Cloud API keys may not be allowed to list them; the README says how to register them.
  } finally {
    await client.connection.close();
  }
}

function logFile(name: string): { log: (line: string) => void; close: () => void } {
  const stream = fs.createWriteStream(path.join(LOCAL_DIR, name), { flags: 'a' });
  return { log: (line) => stream.write(`${line}\n`), close: () => stream.end() };
}

/**
 * The key that signs portal links: PORTAL_SECRET, or in local development a fresh one per start,
 * kept in a file only this user can read so a separately started worker can use the same key.
 */
function ensurePortalSecret(): void {
  if (process.env.PORTAL_SECRET) return;
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.rmSync(PORTAL_SECRET_FILE, { force: true });
  fs.writeFileSync(PORTAL_SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  process.env.PORTAL_SECRET = secret;
  console.log(
    `Portal: PORTAL_SECRET is not set; generated one for this run in ${path.relative(PROJECT_ROOT, PORTAL_SECRET_FILE)} (links from earlier runs stop working; set PORTAL_SECRET to keep them)`,
  );
}

async function run(): Promise<number> {
  const plan = makePlan();
  const holder = acquireLock(plan);
  if (holder) {
    console.log(`regulations stack already running (pid ${holder.pid}): UI ${holder.ui}, inbox ${holder.inbox}`);
    return 0;
  }

  const controller = new AbortController();
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      const started = [
        'the worker',
        'the console',
        plan.startInbox && 'the mail inbox',
        !plan.remote && 'the dev server',
      ]
        .filter(Boolean)
        .join(', ');
      console.log(`\n${signal}: stopping ${started} (Ctrl-C again to force)`);
      controller.abort();
      return;
    }
    // npm forwards the terminal's Ctrl-C as well, so the same key press can arrive twice.
    if (Date.now() - firstSignalAt < 1000) return;
    console.log('forced exit');
    releaseLock();
    process.exit(130); // child-service kills the process groups on exit
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const stops: Array<() => Promise<void> | void> = [];
  try {
    await checkPorts(plan);
    ensurePortalSecret();

    let address: string;
    if (plan.remote) {
      address = plan.remote.address;
      console.log(`Temporal: using ${address} (namespace ${plan.namespace}) from the environment config`);
      await checkRemote(plan.namespace);
    } else {
      console.log(
        `Temporal: starting the dev server (data in ${path.relative(PROJECT_ROOT, DB_FILE)}, log in .temporal/dev-server.log)`,
      );
      const file = logFile('dev-server.log');
      stops.push(file.close);
      const server = await startDevServer({
        dbFile: DB_FILE,
        port: PORTS.temporal,
        uiPort: PORTS.ui,
        namespace: plan.namespace,
        log: file.log,
      });
      stops.push(() => server.stop());
      address = server.address;
    }
    if (controller.signal.aborted) return 0;

    if (plan.startInbox) {
      const file = logFile('mail-inbox.log');
      stops.push(file.close);
      const inbox = await startMailInbox({
        smtpPort: PORTS.smtp,
        webPort: PORTS.inbox,
        mailDirectory: INBOX_DIR,
        log: file.log,
      });
      stops.push(() => inbox.stop());
      process.env.SMTP_URL = inbox.smtpUrl;
    }
    if (controller.signal.aborted) return 0;

    const env = readEnv();
    const portalClient = await connectClient(temporalTarget({ address, namespace: plan.namespace }));
    stops.push(() => portalClient.connection.close());
    const portalLog = logFile('portal.log');
    stops.push(portalLog.close);
    const portal = await startConsole({
      port: env.portalPort,
      baseUrl: env.portalUrl,
      secret: env.portalSecret!,
      sessionSecret: env.consoleSecret,
      api: new RegulationsClient(portalClient, env.taskQueue, plan.remote ? undefined : plan.uiUrl),
      log: portalLog.log,
      rateLimit: env.portalRateLimit,
      signInRateLimit: env.consoleSignInRateLimit,
      trustProxy: env.portalTrustProxy,
      operators: env.consoleOperators,
      smtpUrl: env.smtpUrl,
      mailFrom: env.mailFrom,
      calendarStateFile: path.join(LOCAL_DIR, 'console', 'calendar-feeds.json'),
      oidc: env.oidc,
      calendarDir: env.calendarDir,
    });
    stops.push(() => portal.close());
    if (controller.signal.aborted) return 0;

    const worker = runWorker({
      address,
      namespace: plan.namespace,
      env,
      signal: controller.signal,
      log: (line) => console.log(line),
    });

    console.log(
      [
        '',
        'Regulations stack is running (Ctrl-C to stop):',
        `  Temporal UI   ${plan.uiUrl}   (server ${address}, namespace ${plan.namespace})`,
        plan.startInbox
          ? `  Mail inbox    ${plan.inboxUrl}   (SMTP ${env.smtpUrl})`
          : `  Mail          sent through ${redactUrl(env.smtpUrl)} (SMTP_URL)`,
        `  Console       ${portal.url}   (sign in by email; personal links in request emails; log in .temporal/portal.log)`,
        `  Task queue    ${env.taskQueue}`,
        '',
        'Start a lifecycle from another terminal:',
        `  npx regulation start ${LIFECYCLE_EXAMPLE} --rehearsal 86400   # the 2022–2026 term, a schedule day per second`,
        `  npx regulation start ${LIFECYCLE_EXAMPLE} --start-at "2022-08-17 14:00"   # from its kick-off, in real time`,
        '',
      ].join('\n'),
    );

    await worker;
    if (!controller.signal.aborted) throw new Error('the worker stopped on its own; shutting the stack down');
    return 0;
  } finally {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        console.error(`while stopping: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    releaseLock();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (firstSignalAt) console.log('stopped');
  }
}

run()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
