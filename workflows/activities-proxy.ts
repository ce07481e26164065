/**
 * The workflows' one handle on the activities, with one set of options. Activities are imported
 * as types only: their code runs in the worker, never in the workflow sandbox.
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { ErrorTypes } from '../domain/lifecycle';

/**
 * Options of every activity. A temporary outage (SMTP, a calendar file being rewritten) is
 * retried with backoff until it passes; a rejected address is not. Every activity heartbeats
 * (mail while it waits on SMTP; planning finishes in milliseconds), so an attempt on a dead worker
 * is retried elsewhere within heartbeatTimeout + initialInterval.
 */
export const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    nonRetryableErrorTypes: [ErrorTypes.MailRejected],
  },
} satisfies ActivityOptions;

export const activities = proxyActivities<ReturnType<typeof createActivities>>(ACTIVITY_OPTIONS);
