/** The workflowsPath barrel: every workflow the worker registers. */
export { regulationLifecycle } from './lifecycle';
export { reviewWorkflow } from './review';
export { reminderDigest } from './digest';
