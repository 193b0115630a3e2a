/**
 * 行政许可法 Art. 32(1)(4): materials incomplete at intake → the window tells the applicant at once
 * and in one go (一次性告知) everything that must be supplied, for every item of the project; the
 * application is accepted (受理) only once they are complete. Pure: used by the project workflow.
 */
import type { CatalogueItem } from './routing';

/** What one item still lacks; `materials` are the catalogue's names, in catalogue order. */
export interface MissingMaterials {
  itemId: string;
  itemName: string;
  departmentId: string;
  materials: string[];
}

/** Names compare without surrounding or repeated blanks, so “营业执照 ” matches “营业执照”. */
export function materialKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** What the check needs of an item: the catalogue's, or the preview's shape (the console previews with it). */
export type CheckedItem = Pick<CatalogueItem, 'id' | 'name' | 'departmentId' | 'requiredMaterials' | 'chainMaterials'>;

/**
 * The materials the applicant must bring to the window for `item` in a project routed to
 * `routedIds`: a material an earlier item of this same project issues (由前序事项办理后取得) is not
 * asked for at intake; it is still asked for when none of its producers is routed in the project.
 */
export function intakeMaterials(item: CheckedItem, routedIds: ReadonlySet<string>): string[] {
  const fromChain = new Set((item.chainMaterials ?? []).filter((c) => c.producedBy.some((p) => routedIds.has(p))).map((c) => c.material));
  return item.requiredMaterials.filter((m) => !fromChain.has(m));
}

/**
 * Every routed item's intake materials that no submitted material names; items lacking nothing
 * are left out. `items` are the project's routed items (all of them: producers are looked up there).
 */
export function missingMaterials(items: readonly CheckedItem[], submitted: readonly { name: string }[]): MissingMaterials[] {
  const have = new Set(submitted.map((m) => materialKey(m.name)));
  const routed = new Set(items.map((i) => i.id));
  return items
    .map((i) => ({ itemId: i.id, itemName: i.name, departmentId: i.departmentId, materials: intakeMaterials(i, routed).filter((m) => !have.has(materialKey(m))) }))
    .filter((m) => m.materials.length > 0);
}

/** Distinct missing material names across items (one material needed by two items is asked for once). */
export function distinctMissing(missing: readonly MissingMaterials[]): string[] {
  return [...new Set(missing.flatMap((m) => m.materials.map(materialKey)))];
}

/** The window's one-time notice (一次性告知) in one Chinese sentence, naming each item's missing materials. */
export function intakeNoticeText(projectLabel: string, missing: readonly MissingMaterials[]): string {
  const lines = missing.map((m) => `“${m.itemName}”缺${m.materials.map((x) => `《${x}》`).join('')}`).join('；');
  return `${projectLabel}申请材料不齐全，暂不予受理，请一次性补齐以下 ${distinctMissing(missing).length} 项材料：${lines}`;
}
