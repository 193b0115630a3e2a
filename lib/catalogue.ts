/** The approval-item catalogue as the domain sees it, read from the read model in catalogue order. */
import type { ClockUnit } from '../domain/clock';
import type { CatalogueItem, ChainMaterial, ItemStage, LegalBasis } from '../domain/routing';
import type { Db } from './db/client';

type ItemRow = Awaited<ReturnType<Db['approvalItem']['findMany']>>[number];

/**
 * One shape for an item wherever it is compared or stored (fixed key order, defaults filled in),
 * so a version snapshot equals the catalogue it was taken from.
 */
export function canonicalItem(i: CatalogueItem): CatalogueItem {
  return {
    id: i.id,
    departmentId: i.departmentId,
    name: i.name,
    statutoryDays: i.statutoryDays,
    promisedDays: i.promisedDays,
    greenChannelDays: i.greenChannelDays ?? null,
    limitUnit: i.limitUnit ?? 'workingDays',
    stage: i.stage ?? 'intake',
    legalBasis: i.legalBasis ?? [],
    fee: i.fee ?? null,
    requiredMaterials: i.requiredMaterials,
    prerequisites: i.prerequisites,
    applicability: i.applicability ?? {},
    // Only when set, so version snapshots taken before the flag existed still compare equal.
    ...(i.onTheSpot ? { onTheSpot: true } : {}),
    ...(i.chainMaterials && i.chainMaterials.length > 0
      ? { chainMaterials: i.chainMaterials.map((c) => ({ material: c.material, producedBy: [...c.producedBy] })) }
      : {}),
  };
}

/** The read model's columns for an item (everything but id, order and deletion). */
export function itemColumns(item: CatalogueItem) {
  const { id: _id, ...c } = canonicalItem(item);
  // canonicalItem filled every default; the casts only widen Json columns for Prisma.
  return {
    ...c,
    greenChannelDays: c.greenChannelDays ?? null,
    limitUnit: c.limitUnit!,
    stage: c.stage!,
    fee: c.fee ?? null,
    legalBasis: c.legalBasis as object[],
    applicability: c.applicability as object,
    onTheSpot: c.onTheSpot ?? false,
    chainMaterials: (c.chainMaterials ?? []) as object[],
  };
}

export function itemFromRow(r: ItemRow): CatalogueItem {
  return canonicalItem({
    id: r.id,
    departmentId: r.departmentId,
    name: r.name,
    statutoryDays: r.statutoryDays,
    promisedDays: r.promisedDays,
    greenChannelDays: r.greenChannelDays,
    limitUnit: r.limitUnit as ClockUnit,
    stage: r.stage as ItemStage,
    legalBasis: (r.legalBasis as LegalBasis[] | null) ?? [],
    fee: r.fee,
    requiredMaterials: r.requiredMaterials as string[],
    prerequisites: r.prerequisites as string[],
    applicability: r.applicability as CatalogueItem['applicability'],
    onTheSpot: r.onTheSpot,
    chainMaterials: (r.chainMaterials as ChainMaterial[] | null) ?? [],
  });
}

/** The current catalogue: items not deleted, in catalogue order. */
export async function loadCatalogue(db: Db, where: { departmentId?: string } = {}): Promise<CatalogueItem[]> {
  const rows = await db.approvalItem.findMany({ where: { deletedAt: null, ...where }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  return rows.map(itemFromRow);
}

/** The current catalogue with its version number (0 before the first recorded version). */
export async function loadCatalogueVersion(db: Db): Promise<{ items: CatalogueItem[]; version: number }> {
  const [items, version] = await Promise.all([loadCatalogue(db), latestCatalogueVersion(db)]);
  return { items, version };
}

export async function latestCatalogueVersion(db: Db): Promise<number> {
  const latest = await db.catalogueVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
  return latest?.version ?? 0;
}
