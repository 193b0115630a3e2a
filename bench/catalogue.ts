/**
 * The bench catalogue (bench/catalogue.json): its own approval items on the demo catalogue's
 * departments, agents and service points, which the file leaves empty. The whole demo catalogue
 * is passed to seedCatalogue with only the items replaced, so nothing it needs is missing.
 */
import path from 'node:path';
import { repoRoot } from '../lib/paths';
import { createDb } from '../lib/db/client';
import { DEMO_CATALOGUE_FILE, readCatalogue, seedCatalogue, type CatalogueFile } from '../lib/seed';

export function benchCatalogue(): CatalogueFile {
  const bench = readCatalogue(path.join(repoRoot, 'bench', 'catalogue.json'));
  return { ...readCatalogue(DEMO_CATALOGUE_FILE), items: bench.items };
}

/** Replaces a freshly seeded system's approval items with the bench catalogue's (no tasks exist yet); departments and keys stay. */
export async function seedBenchCatalogue(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl);
  try {
    await db.approvalItem.deleteMany();
    await seedCatalogue(db, benchCatalogue());
  } finally {
    await db.$disconnect();
  }
}
