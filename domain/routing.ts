/**
 * Routing: which approval items (审批事项) a project needs, and in what order they may start.
 * Prerequisites must form a DAG — items that are each other's prerequisite (互为前置) are
 * exactly the deadlock parallel approval exists to remove, so the catalogue refuses a cycle.
 */

import type { ClockUnit } from './clock';

/** new_land = 新增建设用地（需用地预审、划拨或出让）; existing_land = 自有或已取得土地使用权. */
export type LandUse = 'new_land' | 'existing_land';
/** 环境影响评价分类（建设项目环境影响评价分类管理名录）: 报告书 / 报告表 / 登记表. */
export type EiaCategory = 'report' | 'table' | 'registration';
/** 企业投资项目核准和备案管理条例 Art. 3: 核准 for the government's list, 备案 for the rest. */
export type InvestmentRegime = 'record' | 'approval';

/** Unstated by the applicant: 备案 is the law's default (条例 Art. 3 第二款). */
export const DEFAULT_INVESTMENT_REGIME: InvestmentRegime = 'record';
/**
 * Unstated by the applicant: 报告表, the middle category, so the 环评 department receives the task and
 * can re-classify under the 名录; the window is expected to state the category at intake.
 */
export const DEFAULT_EIA_CATEGORY: EiaCategory = 'table';

/**
 * When an item applies. Every condition present must hold; absent conditions always hold. A
 * condition on an attribute the project did not state (land use, building area) holds too: a
 * department can answer 无需办理 but cannot act on a task it never received.
 */
export interface Applicability {
  /** Project types the item applies to; absent or empty means every type. */
  projectTypes?: string[];
  /** Applies only from this total investment (万元). */
  minInvestmentWan?: number;
  /** Applies only below this total investment (万元). */
  maxInvestmentWan?: number;
  landUse?: LandUse[];
  /** Applies only from this building area (m²). */
  minBuildingAreaM2?: number;
  eiaCategories?: EiaCategory[];
  investmentRegimes?: InvestmentRegime[];
}

export interface LegalBasis {
  /** Law or regulation, e.g. 《中华人民共和国环境影响评价法》. */
  law: string;
  /** Article, e.g. 第二十二条第三款. */
  article: string;
  /** What it says about this item (limit, fee), summarised. */
  text?: string;
}

/** intake = routed at one-window intake (并联审批); completion = 竣工阶段, handled during follow-up. */
export type ItemStage = 'intake' | 'completion';

export interface CatalogueItem {
  id: string;
  departmentId: string;
  name: string;
  statutoryDays: number;
  promisedDays: number;
  greenChannelDays?: number | null;
  /** Unit of all three limits; absent = working days. */
  limitUnit?: ClockUnit;
  stage?: ItemStage;
  legalBasis?: LegalBasis[];
  /** 收费标准, e.g. 不收费. */
  fee?: string | null;
  requiredMaterials: string[];
  prerequisites: string[];
  applicability: Applicability;
  /**
   * 即办件: with complete materials the window's acceptance concludes it on the spot, so a task of
   * this item in a project accepted on the spot counts toward 现场办结率. Absent = false.
   */
  onTheSpot?: boolean;
  /**
   * Required materials an earlier item of the chain issues (e.g. 建设工程规划许可证 for 施工许可):
   * the applicant cannot hold them at intake when the producing item is routed in the same project.
   * Each producer must be a (direct or transitive) prerequisite of this item. Absent = none.
   */
  chainMaterials?: ChainMaterial[];
}

/** A required material produced by a prerequisite item (由前序事项办理后取得); any one producer suffices. */
export interface ChainMaterial {
  material: string;
  producedBy: string[];
}

export class CatalogueError extends Error {
  constructor(
    readonly code: 'prerequisite_cycle' | 'unknown_prerequisite' | 'duplicate_item' | 'invalid_chain_material',
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
  assertValidChainMaterials(items);
}

/** Every item this one waits for, directly or through other prerequisites (the catalogue is a DAG). */
function ancestorsOf(item: CatalogueItem, byId: ReadonlyMap<string, CatalogueItem>): Set<string> {
  const seen = new Set<string>();
  const stack = [...item.prerequisites];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.prerequisites ?? []));
  }
  return seen;
}

/**
 * A chain-produced material must be one of the item's required materials, named once, and each
 * producer a prerequisite in its chain: otherwise the intake check could waive a material that no
 * earlier item of the project ever issues.
 */
function assertValidChainMaterials(items: readonly CatalogueItem[]): void {
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const item of items) {
    const marked = new Set<string>();
    for (const c of item.chainMaterials ?? []) {
      const fail = (why: string, more: string[] = []) => {
        throw new CatalogueError('invalid_chain_material', `审批事项 ${item.id} 的材料《${c.material}》${why}`, [item.id, ...more]);
      };
      if (!item.requiredMaterials.includes(c.material)) fail('不在该事项的申请材料清单中，不能标为由前序事项办理后取得');
      if (marked.has(c.material)) fail('重复标注');
      marked.add(c.material);
      if (c.producedBy.length === 0) fail('标为由前序事项办理后取得，但未写明由哪个事项办理后取得');
      const ancestors = ancestorsOf(item, byId);
      const outside = c.producedBy.filter((p) => !ancestors.has(p));
      if (outside.length > 0) fail(`标为由 ${outside.join('、')} 办理后取得，但 ${outside.join('、')} 不是该事项的前置事项`, outside);
    }
  }
}

export interface RoutableProject {
  type: string;
  investmentWan: number;
  landUse?: LandUse;
  buildingAreaM2?: number;
  eiaCategory?: EiaCategory;
  investmentRegime?: InvestmentRegime;
}

export function appliesTo(item: CatalogueItem, project: RoutableProject): boolean {
  const a = item.applicability;
  if (a.projectTypes && a.projectTypes.length > 0 && !a.projectTypes.includes(project.type)) return false;
  if (a.minInvestmentWan !== undefined && project.investmentWan < a.minInvestmentWan) return false;
  if (a.maxInvestmentWan !== undefined && project.investmentWan >= a.maxInvestmentWan) return false;
  if (a.landUse && project.landUse !== undefined && !a.landUse.includes(project.landUse)) return false;
  if (a.minBuildingAreaM2 !== undefined && project.buildingAreaM2 !== undefined && project.buildingAreaM2 < a.minBuildingAreaM2) return false;
  if (a.eiaCategories && !a.eiaCategories.includes(project.eiaCategory ?? DEFAULT_EIA_CATEGORY)) return false;
  if (a.investmentRegimes && !a.investmentRegimes.includes(project.investmentRegime ?? DEFAULT_INVESTMENT_REGIME)) return false;
  return true;
}

/**
 * The items this project needs at intake, in catalogue order. Completion-stage items (竣工验收)
 * belong to follow-up and are never fanned out. A prerequisite that does not apply to the
 * project is dropped from the dependant's list: it cannot hold up an approval that is needed.
 */
export function selectItems(catalogue: readonly CatalogueItem[], project: RoutableProject): CatalogueItem[] {
  const selected = catalogue.filter((item) => (item.stage ?? 'intake') === 'intake' && appliesTo(item, project));
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
