/**
 * The patch registry (workflows/patches.ts): every patch of running code is listed, and each
 * listed history really runs the patch's old branch. A history recorded before a patch carries no
 * marker of it; replayed on a bundle with the patch forced on, it must then break, since the new
 * branch issues other commands. A history that never reached the patched code would replay
 * either way and prove nothing, so it fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { PATCHES, type PatchName } from '../../workflows/patches';
import { bundleWithPatchForced } from '../support/forced-patches';
import { HISTORY_DIR, readHistory } from '../support/histories';

const WORKFLOWS = path.resolve(__dirname, '../../workflows');
const names = Object.keys(PATCHES) as PatchName[];

/** The patch ids marked in a history (Temporal's core_patch markers). */
function markers(file: string): string[] {
  const { history } = readHistory(file);
  return (history.events ?? []).flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== 'core_patch') return [];
    const data = m.details?.['patch_data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

describe('the patch registry', () => {
  it('is the only caller of patched() and deprecatePatch() in workflow code', () => {
    const sources = fs
      .readdirSync(WORKFLOWS, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== 'patches.ts');
    const callers = sources.filter((f) =>
      /\b(patched|deprecatePatch)\s*\(/.test(
        fs.readFileSync(path.join(WORKFLOWS, f), 'utf8').replace(/isPatched/g, ''),
      ),
    );
    expect(callers).toEqual([]);
  });

  it('gives every patch its own id, a shipping date and at least one history of its old branch', () => {
    const ids = names.map((n) => PATCHES[n].id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const name of names) {
      expect({ name, shipped: PATCHES[name].shipped }).toEqual({
        name,
        shipped: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect({ name, histories: PATCHES[name].oldBranch.length }).toEqual({ name, histories: expect.any(Number) });
      expect(PATCHES[name].oldBranch.length).toBeGreaterThan(0);
      for (const file of PATCHES[name].oldBranch) {
        const full = path.join(HISTORY_DIR, file);
        expect({ name, file, exists: fs.existsSync(full) }).toEqual({ name, file, exists: true });
        // Recorded before the patch: no marker of it.
        expect({ name, file, marked: markers(full).includes(PATCHES[name].id) }).toEqual({ name, file, marked: false });
      }
    }
  });

  it.each(names)(
    '%s: each listed history breaks when the patch is forced on, so it runs the old branch',
    async (name) => {
      const bundle = await bundleWithPatchForced(name);
      for (const file of PATCHES[name].oldBranch) {
        const { workflowId, history } = readHistory(path.join(HISTORY_DIR, file));
        await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId)).rejects.toBeInstanceOf(
          DeterminismViolationError,
        );
      }
    },
  );
});
