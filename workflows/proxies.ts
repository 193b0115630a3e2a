/** Activity proxies shared by the workflows; the activity *types* come from activities/ as type-only imports. */
import { proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../activities/lifecycle';
import type { TrackingActivities } from '../activities/tracking';
import type { SupervisionActivities } from '../activities/supervision';
import type { CoordinationActivities } from '../activities/coordination';
import type { IntermediaryActivities } from '../activities/intermediary';

/** Read-model writes are idempotent, so they retry until the database is back. */
export const lifecycle = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Follow-up tracking (跟踪问效) read-model writes; idempotent like the lifecycle ones. */
export const tracking = proxyActivities<TrackingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Efficiency supervision (效能监察: complaints, 督办) read-model writes; idempotent like the lifecycle ones. */
export const supervision = proxyActivities<SupervisionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Coordination between departments (会签, issue #13) read-model writes; idempotent like the lifecycle ones. */
export const coordination = proxyActivities<CoordinationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Intermediary periods (中介服务, issue #12) read-model writes; idempotent like the lifecycle ones. */
export const intermediary = proxyActivities<IntermediaryActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
