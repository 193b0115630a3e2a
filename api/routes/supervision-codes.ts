/**
 * Readable, lifelong ids of supervision objects, in the style of project codes: `TS-2026-000001`
 * for a complaint (投诉), `DB-2026-000001` for a supervision order (督办), `HQ-2026-000001` for a
 * countersign (会签), `AB-2026-000001` for an officer's absence (职位代理 AB 角). One atomic counter row
 * per kind and year.
 */
import type { Db } from '../../lib/db/client';
import { shanghaiDateOf } from '../../domain/clock';

export type SupervisionCodePrefix = 'TS' | 'DB' | 'HQ' | 'LX' | 'AB';

export async function allocateSupervisionCode(db: Db, prefix: SupervisionCodePrefix, now: number): Promise<string> {
  const year = shanghaiDateOf(now).slice(0, 4);
  const name = `supervision-code-${prefix}-${year}`;
  // As for project codes: the increment is atomic; two first-of-the-year inserts race and the loser retries as an update.
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await db.counter.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } } });
      return `${prefix}-${year}-${String(counter.value).padStart(6, '0')}`;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}
