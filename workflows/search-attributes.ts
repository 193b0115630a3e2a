/**
 * Typed search attributes on every workflow (issue #16), so an operator filters in the Temporal
 * Web UI or CLI, e.g. all red tasks of 县住建局:
 *
 *     ApprovalKind = 'task' AND ApprovalDepartment = 'ZJJ' AND ApprovalLight = 'red'
 *
 * Temporal indexes these in clear text (the payload codec does not touch them), so they hold
 * codes, ids, statuses and lights only — never a name, phone or address. Plain definitions from
 * @temporalio/common: the dev server registration (lib/temporal/dev-server.ts), the test
 * harness and the API can import them without the workflow runtime.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const searchAttributes = {
  /** project | task | complaint | supervision_order | countersign | tracking | webhook */
  kind: defineSearchAttributeKey('ApprovalKind', SearchAttributeType.KEYWORD),
  /** The project code (XM-2026-000123) the workflow belongs to. */
  projectCode: defineSearchAttributeKey('ApprovalProjectCode', SearchAttributeType.KEYWORD),
  /** The department a task, complaint or supervision order concerns, or a countersign's lead department (FGW, ZJJ, …). */
  department: defineSearchAttributeKey('ApprovalDepartment', SearchAttributeType.KEYWORD),
  /** Tasks: received | accepted | supplement_requested | decided | cancelled. */
  taskStatus: defineSearchAttributeKey('ApprovalTaskStatus', SearchAttributeType.KEYWORD),
  /** Tasks, projects and countersigns: green | yellow | red (a project shows its worst open task; a countersign turns
   *  yellow when pending departments are reminded, red when it is overdue). */
  light: defineSearchAttributeKey('ApprovalLight', SearchAttributeType.KEYWORD),
} as const;

export type WorkflowKind = 'project' | 'task' | 'complaint' | 'supervision_order' | 'countersign' | 'tracking' | 'webhook' | 'intermediary' | 'absence';

export const SEARCH_ATTRIBUTE_KEYS = Object.values(searchAttributes);

/** `--search-attribute Name=Keyword` arguments for `temporal server start-dev`. */
export const devServerSearchAttributeArgs = (): string[] => SEARCH_ATTRIBUTE_KEYS.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]);
