/**
 * Catalogue edits and versions: every change of the routed items becomes a numbered snapshot,
 * written in the same transaction as the change. A project stores the version it was routed with
 * (Project.catalogueVersion) and keeps its items: routing happens once, at intake, in the project
 * workflow, so an edit never reroutes a running project.
 */
import { assertValidCatalogue, CatalogueError, type CatalogueItem } from '../domain/routing';
import type { Db, Prisma } from './db/client';
import { canonicalItem, itemColumns, loadCatalogue } from './catalogue';

/** JSON with object keys sorted: PostgreSQL's jsonb reorders keys, so plain JSON.stringify would see changes that are not. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const same = (a: readonly CatalogueItem[], b: readonly CatalogueItem[]) => stableJson(a) === stableJson(b);

/** Records the current catalogue as a new version if it differs from the latest; returns the latest version. */
export async function recordCatalogueVersion(db: Db, change: string, changedBy: string | null): Promise<number> {
  const items = await loadCatalogue(db);
  const latest = await db.catalogueVersion.findFirst({ orderBy: { version: 'desc' } });
  if (latest && same(latest.items as unknown as CatalogueItem[], items)) return latest.version;
  const version = (latest?.version ?? 0) + 1;
  // The primary key makes a concurrent writer of the same version fail instead of overwriting.
  await db.catalogueVersion.create({ data: { version, items: items as object[], change, changedBy } });
  return version;
}

export interface CatalogueChange {
  catalogueVersion: number;
  changed: boolean;
}

/**
 * Validates the whole catalogue as it would be after the edit (throws CatalogueError naming the
 * cycle or the missing prerequisites) and only then writes the item and the next version together.
 * Two concurrent edits compete for the same next version number: the loser's transaction fails as
 * a whole and is retried against the winner's catalogue, so a cycle cannot slip in between them.
 */
async function applyChange(
  db: Db,
  next: (current: CatalogueItem[]) => CatalogueItem[],
  write: (sortOrder: number) => Prisma.PrismaPromise<unknown>,
  change: string,
  changedBy: string,
): Promise<CatalogueChange> {
  for (let attempt = 0; ; attempt++) {
    const latest = await db.catalogueVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    const current = await loadCatalogue(db);
    const items = next(current).map(canonicalItem);
    assertValidCatalogue(items);
    const version = latest?.version ?? 0;
    if (version > 0 && same(items, current)) return { catalogueVersion: version, changed: false };
    const maxOrder = await db.approvalItem.aggregate({ _max: { sortOrder: true } });
    try {
      await db.$transaction([
        write((maxOrder._max.sortOrder ?? -1) + 1),
        db.catalogueVersion.create({ data: { version: version + 1, items: items as object[], change, changedBy } }),
      ]);
      return { catalogueVersion: version + 1, changed: true };
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

/** Adds or replaces one item (keeping its place in the catalogue order). */
export async function putCatalogueItem(db: Db, item: CatalogueItem, changedBy: string): Promise<CatalogueChange> {
  const canonical = canonicalItem(item);
  const existing = await db.approvalItem.findUnique({ where: { id: item.id }, select: { sortOrder: true, deletedAt: true } });
  const data = { ...itemColumns(item), deletedAt: null };
  const verb = existing && existing.deletedAt === null ? '修改' : '新增';
  return applyChange(
    db,
    (current) => (current.some((i) => i.id === item.id) ? current.map((i) => (i.id === item.id ? canonical : i)) : [...current, canonical]),
    (sortOrder) =>
      db.approvalItem.upsert({
        where: { id: item.id },
        create: { id: item.id, ...data, sortOrder },
        // A re-added item goes to the end, like a new one; an edited one keeps its place.
        update: existing?.deletedAt === null ? data : { ...data, sortOrder },
      }),
    `${verb}审批事项 ${item.id}（${item.name}）`,
    changedBy,
  );
}

/** Soft-deletes one item; refused while other items list it as a prerequisite. */
export async function deleteCatalogueItem(db: Db, itemId: string, changedBy: string): Promise<CatalogueChange | undefined> {
  const current = await loadCatalogue(db);
  const item = current.find((i) => i.id === itemId);
  if (!item) return undefined;
  const dependants = current.filter((i) => i.prerequisites.includes(itemId)).map((i) => i.id);
  if (dependants.length > 0) {
    throw new CatalogueError(
      'unknown_prerequisite',
      `审批事项 ${itemId} 仍是 ${dependants.join('、')} 的前置事项，请先修改这些事项的前置事项再删除`,
      [itemId, ...dependants],
    );
  }
  return applyChange(
    db,
    (items) => items.filter((i) => i.id !== itemId),
    () => db.approvalItem.update({ where: { id: itemId }, data: { deletedAt: new Date() } }),
    `删除审批事项 ${itemId}（${item.name}）`,
    changedBy,
  );
}
