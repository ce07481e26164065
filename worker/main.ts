/** `npm run worker`: a worker against the configured Temporal (run several to scale out). */
import { runWorker } from './run';

async function main(): Promise<void> {
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
  await runWorker({ signal: controller.signal, log: (l) => console.log(l) });
}

main().catch((err: Error) => {
  console.error(`worker: ${err.message}`);
  process.exit(1);
});
