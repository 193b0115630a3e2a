/**
 * The one event builder the workflows share (they each had a copy). An event gets its id from the
 * workflow's deterministic uuid4 — an activity retry or a re-run never appends it twice — and its
 * payload type from domain/vocabulary, so a producer cannot write a field the contract lacks.
 */
import { uuid4 } from '@temporalio/workflow';
import type { EventPayloads, EventType } from '../domain/vocabulary';
import type { EventInput, EventScope } from '../activities/events';
import type { Actor } from './shared';

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
 * workflow carries (its object id, status, version), read when each event is built.
 */
export function eventBuilder<C extends object = Record<never, never>>(scope: () => EventScope, common?: () => C): EventBuilder<C> {
  return (type, actor, payload, options = {}) =>
    ({
      id: uuid4(),
      type,
      ...scope(),
      ...options.scope,
      actor,
      payload: { ...common?.(), ...payload },
      occurredAt: options.occurredAt ?? Date.now(),
    }) as unknown as EventInput<typeof type>;
}
