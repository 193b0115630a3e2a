/** Workflow entry points registered with the worker (bundled by the Temporal worker's bundler). */
export { projectWorkflow } from './project/workflow';
export { approvalTaskWorkflow } from './task/workflow';
export { webhookDeliveryWorkflow } from './webhook/workflow';
export { projectTrackingWorkflow } from './tracking/workflow';
export { complaintWorkflow } from './complaint/workflow';
export { supervisionOrderWorkflow } from './supervision-order/workflow';
export { countersignWorkflow } from './countersign/workflow';
export { intermediaryPeriodWorkflow } from './intermediary/workflow';
export { officerAbsenceWorkflow } from './absence/workflow';
