/** The approval-item catalogue as the domain sees it, read from the read model in catalogue order. */
import type { CatalogueItem } from '../domain/routing';
import type { Db } from './db/client';

export async function loadCatalogue(db: Db): Promise<CatalogueItem[]> {
  const rows = await db.approvalItem.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({
    id: r.id,
    departmentId: r.departmentId,
    name: r.name,
    statutoryDays: r.statutoryDays,
    promisedDays: r.promisedDays,
    greenChannelDays: r.greenChannelDays,
    requiredMaterials: r.requiredMaterials as string[],
    prerequisites: r.prerequisites as string[],
    applicability: r.applicability as CatalogueItem['applicability'],
  }));
}
