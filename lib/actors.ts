/**
 * How an actor (who did something) is shown: the contract's Actor object on events and the
 * timeline, and the one-line label on notices, decisions, delegations, milestones and complaints.
 * An officer acting through the console is named with the unit: 县发展和改革局（经办人：张伟）.
 */
import type { Actor } from '../workflows/shared';

export function actorLabel(stored: unknown): string {
  const a = stored as Actor | null | undefined;
  if (!a) return '系统';
  const name = a.name ?? a.keyId;
  const withOfficer = a.officerName ? `${name}（经办人：${a.officerName}）` : name;
  return a.onBehalfOf ? `${withOfficer}（代理 ${a.onBehalfOf}）` : withOfficer;
}

/** The contract's Actor (openapi `Actor`): officer fields only when an officer acted. */
export function apiActor(stored: unknown) {
  const a = stored as Actor | null | undefined;
  if (!a) return null;
  return {
    role: a.role,
    id: a.keyId,
    name: a.name ?? null,
    departmentId: a.departmentId ?? null,
    ...(a.onBehalfOf ? { onBehalfOf: a.onBehalfOf } : {}),
    ...(a.officerId ? { officerId: a.officerId, officerName: a.officerName ?? null } : {}),
  };
}
