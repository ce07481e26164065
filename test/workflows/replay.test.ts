/**
 * Replays every committed history against the current workflow code. A change that would break
 * lifecycles already running (non-determinism) fails here. Record new histories deliberately:
 * RECORD_HISTORIES=1 npx jest test/workflows/source-scenario (and commit them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { HISTORY_DIR, readHistory } from '../support/histories';
import { workflowBundle } from '../support/lifecycle-harness';

const files = fs.existsSync(HISTORY_DIR)
  ? fs
      .readdirSync(HISTORY_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('replays %s', async (file) => {
  const { workflowId, history } = readHistory(path.join(HISTORY_DIR, file));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
});
