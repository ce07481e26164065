/**
 * What `npm run build` produces is what runs: the `regulation` bin runs the compiled CLI (no
 * ts-node, and `--help` loads neither the Temporal client nor zod), and a worker started from
 * dist/ takes its workflows from the prebuilt bundle (no webpack) and completes a waiting
 * lifecycle's workflow task. Nothing here is timed: `npm run bench` measures the start times.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import { loadRegulation } from '../../config/regulation';
import { staleReason } from '../../scripts/build-state';
import { workflowsHash, workflowSource } from '../../worker/workflow-bundle';
import { firstWorkflowTaskCompleted, ROOT, spawnBuiltWorker } from '../support/built-worker';
import { SmtpSink } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';

let dir: string;
/** A preload that writes every module the process loaded to `file` when it exits. */
function moduleRecorder(file: string): string[] {
  const preload = path.join(dir, 'record-modules.js');
  fs.writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_MODULES, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  process.env.RECORD_MODULES = file;
  return ['-r', preload];
}

function loadedModules(file: string): string[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as string[]).map((m) => path.relative(ROOT, m));
}

beforeAll(() => {
  const stale = staleReason();
  if (stale) throw new Error(`${stale}: run 'npm run build' (npm test does it first)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'built-artefacts-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.RECORD_MODULES;
});

/** Runs `node [args]` in the project root; resolves with its stdout, rejects with its stderr. */
function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env }, (err, out, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out),
    );
  });
}

describe('the regulation bin', () => {
  it('runs the CLI bundled by the build, and the modules it is bundled from load neither the Temporal client nor the definition schema for --help', async () => {
    const record = path.join(dir, 'cli-modules.json');
    const stdout = await runNode([...moduleRecorder(record), path.join(ROOT, 'bin/regulation.js'), '--help']);
    expect(stdout).toContain('Usage: regulation');
    const loaded = loadedModules(record);
    expect(loaded).toContain(path.join('dist', 'client', 'cli.bundle.js'));
    expect(loaded.filter((m) => m.endsWith('.ts') || m.includes(`${path.sep}ts-node${path.sep}`))).toEqual([]);
    expect(loaded.filter((m) => /node_modules[/\\](@temporalio[/\\]client|zod|yaml)[/\\]/.test(m))).toEqual([]);
    // Inside the bundle each module keeps its requires where they were (esbuild runs a module's
    // body on its first require): what the separate modules load for --help is what the bundle runs.
    const separate = path.join(dir, 'cli-separate-modules.json');
    expect(await runNode([...moduleRecorder(separate), path.join(ROOT, 'dist/client/cli.js'), '--help'])).toContain(
      'Usage: regulation',
    );
    const fromSeparate = loadedModules(separate);
    expect(fromSeparate).toContain(path.join('dist', 'client', 'cli.js'));
    expect(fromSeparate.filter((m) => /node_modules[/\\](@temporalio[/\\]client|zod|yaml)[/\\]/.test(m))).toEqual([]);
  });
});

describe('the CLI bundle', () => {
  it('carries the Temporal protos without the Cloud operations API and the core SDK messages, and still every service a client calls', () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'client', 'cli.bundle.js'), 'utf8');
    expect(bundle).not.toContain('"CloudService"');
    expect(bundle).not.toContain('"coresdk":');
    for (const service of ['"WorkflowService"', '"OperatorService"', '"TestService"', '"Health"'])
      expect(bundle).toContain(service);
    expect(bundle).toContain('"ListWorkflowExecutions"');
  });

  it('is ASCII, so V8 holds it at one byte a character, and its Vietnamese patterns still match', () => {
    const file = path.join(ROOT, 'dist', 'client', 'cli.bundle.js');
    const bundle = fs.readFileSync(file, 'utf8');
    expect(bundle.match(/[\u0080-\uffff]/g) ?? []).toEqual([]);
    // The register's review cycle ("mỗi 12 tháng", client/register.ts), as the bundle writes it.
    const cycle = /\/\^\(\?:m\\u1ed7i[^/]*\/i/.exec(bundle)?.[0];
    const pattern = new Function(`return ${cycle}`)() as RegExp;
    expect(pattern.exec('mỗi 12 tháng')?.[1]).toBe('12');
    expect(pattern.exec('12 THÁNG')?.[1]).toBe('12');
  });
});

describe('the prebuilt workflow bundle', () => {
  it('is used while its recorded hash matches workflows/, and refused with a warning once a workflow file changes', () => {
    const workflows = path.join(dir, 'workflows');
    const dist = path.join(dir, 'dist');
    fs.cpSync(path.join(ROOT, 'workflows'), workflows, { recursive: true });
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'workflow-bundle.js'), '// bundle');
    fs.writeFileSync(
      path.join(dist, 'build.json'),
      JSON.stringify({ builtAt: '2026-01-01T00:00:00.000Z', workflowsHash: workflowsHash(workflows) }),
    );

    const fresh = workflowSource(dist, workflows);
    expect(fresh.options).toEqual({ workflowBundle: { codePath: path.join(dist, 'workflow-bundle.js') } });
    expect(fresh.warning).toBeUndefined();

    fs.appendFileSync(path.join(workflows, 'lifecycle.ts'), '\n// an edit after the build\n');
    const stale = workflowSource(dist, workflows);
    expect(stale.options).toEqual({ workflowsPath: path.join(workflows, 'index.ts') });
    expect(stale.warning).toMatch(/workflow-bundle\.js is stale .*'npm run build' makes a fresh one/);

    fs.rmSync(path.join(dist, 'build.json'));
    expect(workflowSource(dist, workflows).warning).toMatch(/no prebuilt workflow bundle/);
  });
});

describe('the worker from dist/', () => {
  it('starts with the prebuilt bundle, without webpack, and completes the workflow task of a lifecycle that waited for it', async () => {
    const [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
    const taskQueue = `built-${Math.random().toString(36).slice(2)}`;
    const api = new RegulationsClient(
      await connectClient({ address: server.address, namespace: server.namespace }),
      taskQueue,
      server.uiUrl,
    );
    const record = path.join(dir, 'worker-modules.json');
    let worker: ReturnType<typeof spawnBuiltWorker> | undefined;
    const regulation = {
      ...loadRegulation(path.join(ROOT, 'config/regulations/long-an-2022.yaml')),
      id: `built-${Date.now()}`,
    };
    try {
      // Started before any worker polls: the first workflow task waits in the queue.
      const { workflowId } = await api.start(regulation);
      worker = spawnBuiltWorker(
        {
          TEMPORAL_ADDRESS: server.address,
          TEMPORAL_NAMESPACE: server.namespace,
          TEMPORAL_TASK_QUEUE: taskQueue,
          SMTP_URL: sink.url,
          MAIL_LEDGER_DIR: path.join(dir, 'ledger'),
          REMINDER_DIGEST_MINUTES: '0',
        },
        moduleRecorder(record),
      );
      const { line } = await worker.ready;
      expect(line).toMatch(/^worker: task queue \S+ on .*, workflows from dist\/workflow-bundle\.js \(built /);
      await firstWorkflowTaskCompleted(api.client, workflowId);
      expect((await api.status(workflowId)).stage).toBe('drafting');
      // The bundled CLI talks to Temporal: twice each, the second run from the code cache the first
      // one wrote (or both from it, when an earlier run of the command wrote it).
      const cliEnv = { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace };
      for (let run = 0; run < 2; run++) {
        const status = await runNode([path.join(ROOT, 'bin/regulation.js'), 'status', workflowId], cliEnv);
        expect(status).toContain(`${workflowId}: ${regulation.title.vi}`);
        expect(status).toMatch(/^Stage:\s+Drafting$/m);
        const list = await runNode([path.join(ROOT, 'bin/regulation.js'), 'list', '--stage', 'drafting'], cliEnv);
        expect(list).toMatch(new RegExp(`^${workflowId}\\s+drafting\\s`, 'm'));
      }
      await api.client.workflow.getHandle(workflowId).terminate('end of the test');
    } finally {
      await worker?.service.stop();
      await api.close();
      await Promise.all([server.stop(), sink.stop()]);
    }
    expect(worker!.lines.filter((l) => /warning/i.test(l))).toEqual([]);
    const loaded = loadedModules(record);
    expect(loaded).toContain(path.join('dist', 'worker', 'main.js'));
    // @temporalio/worker requires webpack's entry module (lazy getters); bundling would load its compiler.
    expect(
      loaded.filter(
        (m) =>
          m.endsWith('.ts') || /node_modules[/\\](webpack[/\\]lib[/\\]Compiler\.js|ts-node[/\\]|@swc[/\\])/.test(m),
      ),
    ).toEqual([]);
  });
});
