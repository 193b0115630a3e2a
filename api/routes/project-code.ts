/**
 * Lifelong project codes: `XM-<year>-<6-digit sequence>`, e.g. XM-2026-000123 — unique,
 * readable over the phone, and sortable. The sequence is an atomic counter row per year.
 */
import type { Db } from '../../lib/db/client';
import { shanghaiDateOf } from '../../domain/clock';

export async function allocateProjectCode(db: Db, now: number): Promise<string> {
  const year = shanghaiDateOf(now).slice(0, 4);
  const name = `project-code-${year}`;
  // UPDATE … SET value = value + 1 is atomic on SQLite and PostgreSQL alike. Two first-of-the-year
  // requests may both try to INSERT the row; the loser retries and takes the update path.
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await db.counter.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } } });
      return `XM-${year}-${String(counter.value).padStart(6, '0')}`;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}
