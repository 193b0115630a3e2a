/** Workflow entry points registered with the worker (bundled by the Temporal worker's bundler). */
export { projectWorkflow } from './project/workflow';
export { approvalTaskWorkflow } from './task/workflow';
