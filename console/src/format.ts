/** Display formats: tables 2026-11-29, documents 2026年11月29日, all in Asia/Shanghai. */
import dayjs, { type Dayjs } from 'dayjs';
import type { Light, Schemas } from './api';

const shanghaiDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const shanghaiDateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});

/** '2026-11-29' from a timestamp or a date; '—' when absent. */
export function tableDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return shanghaiDate.format(new Date(value));
}

export function tableDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return shanghaiDateTime.format(new Date(value));
}

/** Today's date in Asia/Shanghai ('2026-11-29'), as the server counts working days. */
export const shanghaiToday = (): string => tableDate(new Date().toISOString());

/**
 * Today in Asia/Shanghai as a calendar day for pickers and defaults. Never `dayjs()`: that is the
 * PC's own date, which differs from the server's from 00:00 to 08:00 Beijing time on a PC set to UTC,
 * and the gateway then refuses a start date "before today".
 */
export const shanghaiDay = (): Dayjs => dayjs(shanghaiToday());

/** '2026年11月29日' (Arabic numerals, no leading zeros), as GB/T 9704 writes dates. */
export function documentDate(value: string | null | undefined): string {
  if (!value) return '\u3000\u3000年\u3000\u3000月\u3000\u3000日';
  const [y, m, d] = tableDate(value).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function yearOf(value: string): number {
  return Number(tableDate(value).slice(0, 4));
}

export const lightLabel: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
export const lightColor: Record<Light, 'success' | 'warning' | 'error'> = { green: 'success', yellow: 'warning', red: 'error' };

export function remainingText(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  if (days < 0) return `已超期 ${-days} 个工作日`;
  return `剩余 ${days} 个工作日`;
}

export const projectStatusLabel: Record<Schemas['ProjectStatus'], string> = {
  awaiting_materials: '待补齐材料（尚未受理）',
  submitted: '已受理',
  in_review: '并联审批中',
  replied: '已集中回复',
  withdrawn: '已撤回',
  tracking: '跟踪服务中',
  closed: '已办结',
};

export const taskStatusLabel: Record<Schemas['TaskStatus'], string> = {
  waiting: '等待前置事项',
  received: '待签收',
  supplement_requested: '补正中（暂停计时）',
  accepted: '已受理',
  decided: '已决定',
  not_started: '未启动',
  cancelled: '已取消',
};

export const decisionLabel: Record<Schemas['Decision'], string> = {
  approved: '准予许可',
  approved_with_conditions: '附条件准予',
  rejected: '不予许可',
};

export const outcomeLabel: Record<Schemas['ConsolidatedReply']['outcome'], string> = {
  all_approved: '全部准予',
  partially_approved: '部分准予',
  all_rejected: '全部不予许可',
  withdrawn: '申请人已撤回',
};

/** 效能投诉 labels, shared by the supervisor console and the public portal. */
export const complaintStatusLabel: Record<Schemas['ComplaintStatus'], string> = {
  filed: '待指定承办',
  assigned: '承办中',
  explanation_required: '逾期待说明',
  explained: '逾期已说明',
  escalated: '已升级追责',
  resolved: '已办结（回访期）',
  closed: '已关闭',
};
export const complaintCategoryLabel: Record<Schemas['ComplaintCategory'], string> = {
  overdue: '超时未办',
  buck_passing: '推诿扯皮',
  illegal_fees: '乱收费',
  attitude: '态度问题',
  extortion: '吃拿卡要',
  other: '其他',
};
export const complaintFindingLabel: Record<Schemas['ComplaintFinding'], string> = { substantiated: '属实', partially_substantiated: '部分属实', unsubstantiated: '不属实' };

/** A RangePicker's value as the from/to query of a dated list (either end may be open). */
export function dateRangeQuery(range: [{ format(f: string): string } | null, { format(f: string): string } | null] | null): { from?: string; to?: string } {
  return {
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  };
}
