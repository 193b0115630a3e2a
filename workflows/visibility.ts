/**
 * Keeps a workflow's search attributes (./search-attributes.ts) in step with its state. Upserting
 * adds commands to the history, so it runs behind the `search-attributes` patch: histories
 * recorded before it (test/histories/*.json, workflows running when it shipped) replay without
 * these commands, everything started since records them. Values are only sent when they change.
 */
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { searchAttributes, type WorkflowKind } from './search-attributes';

export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes';

export interface VisibleFields {
  projectCode?: string;
  department?: string;
  taskStatus?: string;
  light?: string;
}

/** Sets the kind and `initial` now; returns a function that upserts whichever fields changed. */
export function visibility(kind: WorkflowKind, initial: VisibleFields): (fields: VisibleFields) => void {
  if (!patched(SEARCH_ATTRIBUTES_PATCH)) return () => undefined;
  const shown: VisibleFields = {};
  const show = (fields: VisibleFields, first = false) => {
    const changed = (Object.keys(fields) as (keyof VisibleFields)[]).filter((k) => fields[k] !== undefined && fields[k] !== shown[k]);
    if (changed.length === 0 && !first) return;
    upsertSearchAttributes([
      ...(first ? [{ key: searchAttributes.kind, value: kind }] : []),
      ...changed.map((k) => ({ key: searchAttributes[k], value: fields[k]! })),
    ]);
    for (const k of changed) shown[k] = fields[k];
  };
  show(initial, true);
  return show;
}
