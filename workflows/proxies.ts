/** Activity proxies shared by the workflows; the activity *types* come from activities/ as type-only imports. */
import { proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../activities/lifecycle';

/** Read-model writes are idempotent, so they retry until the database is back. */
export const lifecycle = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
