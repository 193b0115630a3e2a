/**
 * Readable, lifelong ids of supervision objects, in the style of project codes: `TS-2026-000001`
 * for a complaint (投诉), `DB-2026-000001` for a supervision order (督办), `HQ-2026-000001` for a
 * countersign (会签), `LX-2026-000001` for a joint meeting (联席会议),
 * `AB-2026-000001` for an officer's absence (职位代理 AB 角). One atomic counter row
 * per kind and year.
 */
import type { Db } from '../../lib/db/client';
import { allocateYearlyCode } from './yearly-code';

export type SupervisionCodePrefix = 'TS' | 'DB' | 'HQ' | 'LX' | 'AB';

export function allocateSupervisionCode(db: Db, prefix: SupervisionCodePrefix, now: number): Promise<string> {
  return allocateYearlyCode(db, (year) => `supervision-code-${prefix}-${year}`, prefix, now);
}
