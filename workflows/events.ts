/**
 * The one event builder the workflows share (they each had a copy). An event's id is derived from
 * its content (workflows/event-ids.ts: run, type, scope, the update that produced it, a counter),
 * so an activity retry or a re-run never appends it twice and a retried workflow task that takes
 * its inputs in another order keeps every id; its payload type comes from domain/vocabulary, so a
 * producer cannot write a field the contract lacks.
 */
import { currentUpdateInfo, patched, uuid4, workflowInfo } from '@temporalio/workflow';
import type { EventPayloads, EventType } from '../domain/vocabulary';
import type { EventInput, EventScope } from '../activities/events';
import { contentUuid, EventIds } from './event-ids';
import type { Actor } from './shared';

/**
 * Runs recorded before it (histories without the marker, workflows already running) keep ids from
 * the workflow's random sequence: changing them would re-append events those runs already wrote.
 */
export const CONTENT_EVENT_IDS_PATCH = 'content-event-ids';

/** A payload without the fields the workflow adds to every one of its events. */
export type PayloadWithout<T extends EventType, C> = Omit<EventPayloads[T], keyof C>;

export interface EventOptions {
  /** Overrides (or adds to) the workflow's scope: the task or department one event is about. */
  scope?: EventScope;
  /** When it happened, if not now (intake time, one instant shared by related events). */
  occurredAt?: number;
}

export type EventBuilder<C extends object> = <T extends EventType>(
  type: T,
  actor: Actor | undefined,
  payload: PayloadWithout<T, C>,
  options?: EventOptions,
) => EventInput<T>;

/**
 * `scope` says whose feeds hear of the workflow's events; `common` is what every payload of the
 * workflow carries (its object id, status, version), read when each event is built. A workflow
 * with a second builder names it (`source`), so the two never count the same ids. Build it at the
 * start of the run (or where the patch decision is taken once): it decides the id scheme for the run.
 */
export function eventBuilder<C extends object = Record<never, never>>(
  scope: () => EventScope,
  common?: () => C,
  source?: string,
): EventBuilder<C> {
  const { workflowId, runId } = workflowInfo();
  // The run id keeps a continued-as-new run from counting the same ids as its predecessor.
  const ids = patched(CONTENT_EVENT_IDS_PATCH) ? new EventIds(`${workflowId}/${runId}`, source) : undefined;
  return (type, actor, payload, options = {}) => {
    const where = { ...scope(), ...options.scope };
    return {
      id: ids ? ids.next({ type, scope: where, inputKey: currentUpdateInfo()?.id }) : uuid4(),
      type,
      ...where,
      actor,
      payload: { ...common?.(), ...payload },
      occurredAt: options.occurredAt ?? Date.now(),
    } as unknown as EventInput<typeof type>;
  };
}

/**
 * The id of an object an update creates (a supplement notice, an excluded or intermediary period,
 * an extension request): derived from the update's id under the same patch, so a retried workflow
 * task that takes its inputs in another order gives the object the id already written for it.
 * One object of a `kind` per update; outside an update, or in runs before the patch, the sequence.
 */
export function createdId(kind: string): string {
  const update = currentUpdateInfo();
  if (!update || !patched(CONTENT_EVENT_IDS_PATCH)) return uuid4();
  const { workflowId, runId } = workflowInfo();
  return contentUuid(`${workflowId}/${runId}|created|${kind}|${update.id}`);
}
