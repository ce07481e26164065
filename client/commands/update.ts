/**
 * What every command that changes one lifecycle shares: the update run on a connection, followed
 * by what it did and where the lifecycle (or the review) stands now.
 */
import type { LifecycleStatus } from '../../domain/lifecycle';
import type { RegulationsClient } from '../api';
import { print, withClient } from './common';
import { brief, renderReview } from './status';

/**
 * Runs `update` on lifecycle `id`, then prints what `said` makes of its result and of the state
 * after it (the status query's, three lines). Returns the update's result.
 */
export async function updateLifecycle<T>(
  id: string,
  update: (api: RegulationsClient) => Promise<T>,
  said: (result: T, after: LifecycleStatus) => string,
): Promise<T> {
  return withClient(async (api) => {
    const result = await update(api);
    const after = await api.liveStatus(id);
    print(said(result, after), brief(after));
    return result;
  });
}

/**
 * Runs `update` on a review of lifecycle `id` (its number, or the tổng kết whose number the
 * review's status gives), then prints what `said` says and the review's status.
 */
export async function updateReview(
  id: string,
  which: number | 'final',
  update: (api: RegulationsClient, review: number, final: boolean) => Promise<unknown>,
  said: (review: number, final: boolean) => string,
): Promise<void> {
  await withClient(async (api) => {
    const final = which === 'final';
    const review = final ? (await api.reviewStatus(id, 'final')).n : (which as number);
    await update(api, review, final);
    print(said(review, final), renderReview(await api.reviewStatus(id, final ? 'final' : review)));
  });
}
