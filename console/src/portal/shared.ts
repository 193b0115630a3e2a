/** Words the portal pages share: limits with their unit, and which limit a forecast used. */
import type { Schemas } from './api';

export function limitText(days: number | null, unit: Schemas['LimitUnit']): string {
  if (days === null) return '—';
  return `${days} ${unit === 'naturalDays' ? '日' : '个工作日'}`;
}

export const BASIS_LABEL = { promised: '承诺时限', statutory: '法定时限', greenChannel: '绿色通道' } as const;
export type PlanBasis = keyof typeof BASIS_LABEL;

/** 2026-10-16 → 10月16日（周五）: short enough for a phone. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日（周${'日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

/** 2026-10-16 → 10月16日, for table cells and graph boxes. */
export function monthDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日`;
}
