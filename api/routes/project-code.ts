/**
 * Lifelong project codes: `XM-<year>-<6-digit sequence>`, e.g. XM-2026-000123 — unique,
 * readable over the phone, and sortable. The sequence is an atomic counter row per year.
 */
import type { Db } from '../../lib/db/client';
import { allocateYearlyCode } from './yearly-code';

export function allocateProjectCode(db: Db, now: number): Promise<string> {
  return allocateYearlyCode(db, (year) => `project-code-${year}`, 'XM', now);
}
