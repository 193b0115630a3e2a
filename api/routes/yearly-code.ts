/**
 * The one allocator of readable, lifelong codes `<PREFIX>-<year>-<6-digit sequence>` (project codes,
 * complaints, 督办, 会签, 联席会议): an atomic counter row per counter name and year (Asia/Shanghai).
 */
import type { Db } from '../../lib/db/client';
import { shanghaiDateOf } from '../../domain/clock';

export async function allocateYearlyCode(db: Db, counter: (year: string) => string, prefix: string, now: number): Promise<string> {
  const year = shanghaiDateOf(now).slice(0, 4);
  const name = counter(year);
  // UPDATE … SET value = value + 1 is atomic on SQLite and PostgreSQL alike. Two first-of-the-year
  // requests may both try to INSERT the row; the loser retries and takes the update path.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.counter.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } } });
      return `${prefix}-${year}-${String(row.value).padStart(6, '0')}`;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}
