// Step-by-step Chinese explanation of a deadline, for staff and applicants (the contract's
// `explanation: string[]`). Built only from the structured explanation, so it never disagrees with it.
import type { DeadlineExplanation } from './deadline';

function list(days: readonly string[], max = 12): string {
  return days.length <= max ? days.join('、') : `${days.slice(0, max).join('、')} 等 ${days.length} 天`;
}

export function explanationLines(e: DeadlineExplanation): string[] {
  const natural = e.unit === 'naturalDays';
  const lines = [`起算日 ${e.startDate} 当日不计入，自次日起计算 ${e.workingDays} ${natural ? '日（自然日，周末与节假日计入）' : '个工作日'}。`];
  if (e.firstCountedDay && e.lastCountedDay) {
    lines.push(`计入${natural ? '自然日' : '工作日'} ${e.workingDaysCounted} 天：${e.firstCountedDay} 至 ${e.lastCountedDay}。`);
  }
  if (e.rollOver) {
    lines.push(`第 ${e.workingDays} 日 ${e.rollOver.lastDay} 为法定休假日，依《民法典》第二百零三条以休假日结束的次日 ${e.rollOver.to} 为期间最后一日。`);
  }
  const skip = natural ? '顺延经过' : '跳过';
  if (e.weekendsSkipped.length > 0) lines.push(`${skip}周末 ${e.weekendsSkipped.length} 天。`);
  const holidays = new Map<string, string[]>();
  for (const h of e.holidaysSkipped) holidays.set(h.name, [...(holidays.get(h.name) ?? []), h.date]);
  for (const [name, days] of holidays) lines.push(`${skip}${name}假期 ${days.length} 天：${list(days)}。`);
  for (const m of e.makeupDaysUsed) lines.push(`${m.date} 为${m.name}调休上班日，计入工作日。`);
  if (e.suspendedDaysSkipped.length > 0) {
    lines.push(`中止计时（补正等）期间不计：${list(e.suspendedDaysSkipped.map((d) => d.date))}。`);
  }
  if (e.provisionalYears.length > 0) {
    lines.push(`${e.provisionalYears.join('、')} 年官方放假安排尚未公布，按法定节假日预估，公布后将重新推算。`);
  }
  return lines;
}
