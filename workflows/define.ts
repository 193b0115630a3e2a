/**
 * Typed message definitions built from @temporalio/common types only, so the API can import the
 * contracts without pulling in @temporalio/workflow (the workflow sandbox runtime). The objects
 * are exactly what defineUpdate/defineSignal/defineQuery return.
 */
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';

export function updateDef<Ret, Args extends unknown[], Name extends string = string>(name: Name): UpdateDefinition<Ret, Args, Name> {
  return { type: 'update', name } as UpdateDefinition<Ret, Args, Name>;
}

export function signalDef<Args extends unknown[], Name extends string = string>(name: Name): SignalDefinition<Args, Name> {
  return { type: 'signal', name } as SignalDefinition<Args, Name>;
}

export function queryDef<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name): QueryDefinition<Ret, Args, Name> {
  return { type: 'query', name } as QueryDefinition<Ret, Args, Name>;
}
