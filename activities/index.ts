/** All activities, created from their injected dependencies. */
import { createLifecycleActivities, type LifecycleDeps } from './lifecycle';

export type ActivityDeps = LifecycleDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createLifecycleActivities(deps) };
}
