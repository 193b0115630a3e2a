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

/** Every routed item's required materials that no submitted material names; items lacking nothing are left out. */
export function missingMaterials(items: readonly CatalogueItem[], submitted: readonly { name: string }[]): MissingMaterials[] {
  const have = new Set(submitted.map((m) => materialKey(m.name)));
  return items
    .map((i) => ({ itemId: i.id, itemName: i.name, departmentId: i.departmentId, materials: i.requiredMaterials.filter((m) => !have.has(materialKey(m))) }))
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
