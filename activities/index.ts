/** All activities, created from their injected dependencies. */
import { createLifecycleActivities, type LifecycleDeps } from './lifecycle';
import { createWebhookActivities, type WebhookDeps } from './webhooks';
import { createTrackingActivities } from './tracking';
import { createSupervisionActivities } from './supervision';
import { createCoordinationActivities } from './coordination';
import { createIntermediaryActivities } from './intermediary';

/** `http` (default: global fetch) and `clock` (default: Date.now) are optional so callers may pass `{ db }`. */
export type ActivityDeps = LifecycleDeps & WebhookDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createLifecycleActivities(deps), ...createWebhookActivities(deps), ...createTrackingActivities(deps), ...createSupervisionActivities(deps), ...createCoordinationActivities(deps), ...createIntermediaryActivities(deps) };
}
