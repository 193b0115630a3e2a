/**
 * Deadline extension (延期办结) allowance: how many days an item's legal basis lets the licensing
 * body extend its statutory limit, once, with the approval of its head (行政许可法 Art. 42).
 *
 * Art. 42 extends the general working-day limit by at most 10 days (Art. 82: 期限以工作日计算).
 * Items whose limit the catalogue counts in natural days (日) take it from a special law (e.g.
 * 环境影响评价法 Art. 22) that sets its own period, and Art. 42 yields to it (法律、法规另有规定的，
 * 依照其规定): no extension is allowed for them. Pure; safe inside workflows.
 */
import type { ClockUnit } from './clock';

export const EXTENSION_LEGAL_BASIS = '《中华人民共和国行政许可法》第四十二条';
export const ART42_EXTENSION_DAYS = 10;

export interface ExtensionAllowance {
  /** Most days one extension may add; 0 = not allowed. */
  maxDays: number;
  legalBasis: string;
  /** Why not allowed (Chinese), when maxDays is 0. */
  refusal?: string;
}

export function extensionAllowance(unit: ClockUnit): ExtensionAllowance {
  if (unit === 'naturalDays') {
    return {
      maxDays: 0,
      legalBasis: EXTENSION_LEGAL_BASIS,
      refusal: '该事项的办理期限由专门法律按自然日规定，不适用《中华人民共和国行政许可法》第四十二条延期办结',
    };
  }
  return { maxDays: ART42_EXTENSION_DAYS, legalBasis: EXTENSION_LEGAL_BASIS };
}
