/**
 * Object scoping (BOLA): which projects, tasks and events a principal may see. One binding per
 * role decides it — department → its department, agent → its agent record, window → its service
 * point (便民服务中心); supervisors and admins see everything. Scoping fails closed: a bound role
 * whose binding is missing (an old key, a bad row) sees nothing at all, never everything.
 */
import type { EventType } from '../../domain/vocabulary';
import type { Principal } from './keys';

export type ScopeViewer = Pick<Principal, 'role' | 'departmentId' | 'agentId' | 'servicePointId'>;

type Binding = 'all' | 'none' | { departmentId: string } | { agentId: string } | { servicePointId: string };

/** A condition no row satisfies (`in: []`), so a query without a binding returns nothing. */
export const NOTHING = { id: { in: [] as string[] } };

export function bindingOf(p: ScopeViewer): Binding {
  switch (p.role) {
    case 'supervisor':
    case 'admin':
      return 'all';
    case 'department':
      return p.departmentId ? { departmentId: p.departmentId } : 'none';
    case 'agent':
      return p.agentId ? { agentId: p.agentId } : 'none';
    case 'window':
      return p.servicePointId ? { servicePointId: p.servicePointId } : 'none';
    default:
      return 'none';
  }
}

/** Projects: agents their assigned ones, windows those their service point took in; departments none. */
export function projectWhere(p: ScopeViewer): Record<string, unknown> {
  const b = bindingOf(p);
  if (b === 'all') return {};
  if (b === 'none' || 'departmentId' in b) return NOTHING;
  return b;
}

export function canSeeProject(p: ScopeViewer, project: { agentId: string | null; servicePointId: string | null }): boolean {
  const b = bindingOf(p);
  if (b === 'all') return true;
  if (b === 'none') return false;
  if ('agentId' in b) return project.agentId === b.agentId;
  if ('servicePointId' in b) return project.servicePointId === b.servicePointId;
  return false;
}

/** Tasks: a department its own; agents and windows the tasks of the projects they see. */
export function taskWhere(p: ScopeViewer): Record<string, unknown> {
  const b = bindingOf(p);
  if (b === 'all') return {};
  if (b === 'none') return NOTHING;
  return 'departmentId' in b ? b : { project: b };
}

export function canSeeTask(
  p: ScopeViewer,
  task: { departmentId: string; project: { agentId: string | null; servicePointId: string | null } },
): boolean {
  const b = bindingOf(p);
  if (b !== 'all' && b !== 'none' && 'departmentId' in b) return task.departmentId === b.departmentId;
  return canSeeProject(p, task.project);
}

/**
 * Events a window hears of for the projects its service point took in: the 一次性告知 notices (its own
 * at intake, 受理材料核验, and the departments') and
 * their supplements, the written notices the applicant must receive (延期办结告知, 不计算期间告知)
 * and the consolidated reply — what it must act on or hand to the applicant.
 */
export const WINDOW_EVENT_TYPES: readonly EventType[] = [
  'project.materials_required',
  'project.intake_materials_received',
  'project.accepted',
  'task.supplement_requested',
  'task.supplement_received',
  'project.materials_supplemented',
  'task.deadline_extended',
  'task.excluded_period_started',
  'task.excluded_period_ended',
  'project.replied',
];

/**
 * Events carry a department, an agent and a service point (the last two copied from the project
 * when written): departments see their own, agents all of their projects' events (task ones too),
 * windows their projects' notice and reply events.
 */
export function eventWhere(p: ScopeViewer): Record<string, unknown> {
  const b = bindingOf(p);
  if (b === 'all') return {};
  if (b === 'none') return NOTHING;
  if ('servicePointId' in b) return { servicePointId: b.servicePointId, type: { in: [...WINDOW_EVENT_TYPES] } };
  return b;
}

/** Rows that belong to one department (accountability records, statistics): departments their own. */
export function departmentRecordWhere(p: ScopeViewer): Record<string, unknown> {
  const b = bindingOf(p);
  if (b === 'all') return {};
  return b !== 'none' && 'departmentId' in b ? b : NOTHING;
}
