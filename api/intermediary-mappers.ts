/** Read-model rows of intermediary services → the contract's shapes (openapi/openapi.yaml, Intermediary*). */
import type { components } from './generated/openapi';
import { actorLabel } from '../lib/actors';
import type { IntermediaryEfficiency } from '../domain/intermediary';

type Schemas = components['schemas'];

interface IntermediaryRow {
  id: string;
  name: string;
  uscc: string;
  serviceKinds: unknown;
  limitDays: number;
  contactName: string;
  contactPhone: string;
  active: boolean;
  updatedAt: Date;
}

interface PeriodRow {
  id: string;
  taskId: string;
  projectId: string;
  departmentId: string;
  intermediaryId: string;
  intermediaryName: string;
  serviceKind: string;
  reason: string;
  limitDays: number;
  startedAt: Date;
  startedBy: unknown;
  dueDate: string;
  yellowDate: string;
  provisional: boolean;
  light: string;
  status: string;
  endedAt: Date | null;
  result: string | null;
  note: string | null;
  rating: number | null;
  ratingComment: string | null;
  daysUsed: number | null;
  onTime: boolean | null;
}

export function toApiIntermediary(x: IntermediaryRow): Schemas['Intermediary'] {
  return {
    id: x.id,
    name: x.name,
    uscc: x.uscc,
    serviceKinds: x.serviceKinds as string[],
    limitDays: x.limitDays,
    contact: { name: x.contactName, phone: x.contactPhone },
    active: x.active,
    updatedAt: x.updatedAt.toISOString(),
  };
}

export function toApiIntermediaryPeriod(p: PeriodRow): Schemas['IntermediaryPeriod'] {
  return {
    id: p.id,
    taskId: p.taskId,
    projectId: p.projectId,
    departmentId: p.departmentId,
    intermediaryId: p.intermediaryId,
    intermediaryName: p.intermediaryName,
    serviceKind: p.serviceKind,
    reason: p.reason,
    limitDays: p.limitDays,
    startedAt: p.startedAt.toISOString(),
    startedBy: actorLabel(p.startedBy),
    dueDate: p.dueDate,
    yellowDate: p.yellowDate,
    provisional: p.provisional,
    light: p.light as Schemas['Light'],
    status: p.status as Schemas['IntermediaryPeriod']['status'],
    endedAt: p.endedAt ? p.endedAt.toISOString() : null,
    result: p.result as Schemas['IntermediaryPeriod']['result'],
    note: p.note,
    rating: p.rating,
    ratingComment: p.ratingComment,
    daysUsed: p.daysUsed,
    onTime: p.onTime,
  };
}

export const INTERMEDIARY_CSV_HEADERS = ['中介机构编号', '名称', '统一社会信用代码', '委托次数', '进行中', '已完成', '撤回终止', '超时', '按时完成', '按时完成率', '平均用时（工作日）', '评价平均分', '评价次数'];

export function intermediaryCsvRow(x: IntermediaryEfficiency & { intermediaryId: string; name: string; uscc: string }): (string | number | null)[] {
  return [
    x.intermediaryId,
    x.name,
    x.uscc,
    x.periods,
    x.open,
    x.completed,
    x.cancelled,
    x.overdue,
    x.onTime.numerator,
    x.onTime.value === null ? null : `${(x.onTime.value * 100).toFixed(2)}%`,
    x.averageDays,
    x.averageRating,
    x.ratings,
  ];
}
