/**
 * Routing: which approval items (审批事项) a project needs, and in what order they may start.
 * Prerequisites must form a DAG — items that are each other's prerequisite (互为前置) are
 * exactly the deadlock parallel approval exists to remove, so the catalogue refuses a cycle.
 */

export interface Applicability {
  /** Project types the item applies to; absent or empty means every type. */
  projectTypes?: string[];
  /** Applies only from this total investment (万元). */
  minInvestmentWan?: number;
}

export interface CatalogueItem {
  id: string;
  departmentId: string;
  name: string;
  statutoryDays: number;
  promisedDays: number;
  greenChannelDays?: number | null;
  requiredMaterials: string[];
  prerequisites: string[];
  applicability: Applicability;
}

export class CatalogueError extends Error {
  constructor(
    readonly code: 'prerequisite_cycle' | 'unknown_prerequisite' | 'duplicate_item',
    message: string,
    readonly items: string[],
  ) {
    super(message);
    this.name = 'CatalogueError';
  }
}

/** Returns one cycle as a closed path (a → b → a), or null when the prerequisites form a DAG. */
export function findPrerequisiteCycle(items: readonly CatalogueItem[]): string[] | null {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const pre of byId.get(id)?.prerequisites ?? []) {
      if (!byId.has(pre)) continue;
      const cycle = visit(pre);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };

  for (const item of items) {
    const cycle = visit(item.id);
    if (cycle) return cycle;
  }
  return null;
}

/** Throws a CatalogueError naming the problem; the catalogue is never stored in a bad state. */
export function assertValidCatalogue(items: readonly CatalogueItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new CatalogueError('duplicate_item', `审批事项编号重复：${item.id}`, [item.id]);
    seen.add(item.id);
  }
  for (const item of items) {
    const unknown = item.prerequisites.filter((p) => !seen.has(p));
    if (unknown.length > 0) {
      throw new CatalogueError('unknown_prerequisite', `审批事项 ${item.id} 的前置事项不存在：${unknown.join('、')}`, [item.id, ...unknown]);
    }
  }
  const cycle = findPrerequisiteCycle(items);
  if (cycle) {
    throw new CatalogueError('prerequisite_cycle', `审批事项互为前置，形成循环：${cycle.join(' → ')}`, cycle);
  }
}

export interface RoutableProject {
  type: string;
  investmentWan: number;
}

export function appliesTo(item: CatalogueItem, project: RoutableProject): boolean {
  const { projectTypes, minInvestmentWan } = item.applicability;
  if (projectTypes && projectTypes.length > 0 && !projectTypes.includes(project.type)) return false;
  if (minInvestmentWan !== undefined && project.investmentWan < minInvestmentWan) return false;
  return true;
}

/**
 * The items this project needs, in catalogue order. A prerequisite that does not apply to the
 * project is dropped from the dependant's list: it cannot hold up an approval that is needed.
 */
export function selectItems(catalogue: readonly CatalogueItem[], project: RoutableProject): CatalogueItem[] {
  const selected = catalogue.filter((item) => appliesTo(item, project));
  const ids = new Set(selected.map((i) => i.id));
  return selected.map((item) => ({ ...item, prerequisites: item.prerequisites.filter((p) => ids.has(p)) }));
}

/** Items whose prerequisites are all approved and which have not started yet. */
export function readyToStart(
  items: readonly CatalogueItem[],
  started: ReadonlySet<string>,
  approved: ReadonlySet<string>,
): CatalogueItem[] {
  return items.filter((i) => !started.has(i.id) && i.prerequisites.every((p) => approved.has(p)));
}

/** Items that can never start because a prerequisite (directly or transitively) was rejected. */
export function blockedByRejection(items: readonly CatalogueItem[], rejected: ReadonlySet<string>): Set<string> {
  const blocked = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of items) {
      if (blocked.has(item.id) || rejected.has(item.id)) continue;
      if (item.prerequisites.some((p) => rejected.has(p) || blocked.has(p))) {
        blocked.add(item.id);
        changed = true;
      }
    }
  }
  return blocked;
}
