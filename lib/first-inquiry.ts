/**
 * 首问负责制 (issue #13): who may be a project's first-inquiry officer. One rule for intake and for
 * handover — a window officer of the service point that took the project in, or a department officer
 * (the department the applicant asked first); never a disabled account.
 */
import type { Db } from './db/client';

/** Roles that can be asked first: the window, or a department's officers. */
export const FIRST_INQUIRY_DEPARTMENT_ROLES = ['department', 'department_head'];

export interface FirstInquiryOfficer {
  id: string;
  name: string;
}

/**
 * The officer when eligible for a project taken in at `servicePointId`, or the Chinese reason why
 * not. A project from before service points (null) accepts a window officer of any service point.
 */
export async function eligibleFirstInquiryOfficer(
  db: Db,
  officerId: string,
  servicePointId: string | null | undefined,
): Promise<FirstInquiryOfficer | { refused: string }> {
  const officer = await db.officer.findUnique({
    where: { id: officerId },
    select: { id: true, name: true, role: true, servicePointId: true, departmentId: true, disabledAt: true },
  });
  // Unknown and not-eligible read the same, so a key cannot probe which officer ids exist elsewhere.
  const refused = { refused: `工作人员 ${officerId} 不能作为首问责任人：须为受理本项目的便民服务中心的窗口人员或部门人员，且未停用` };
  if (!officer || officer.disabledAt) return refused;
  if (officer.role === 'window' && officer.servicePointId && (!servicePointId || officer.servicePointId === servicePointId)) {
    return { id: officer.id, name: officer.name };
  }
  if (FIRST_INQUIRY_DEPARTMENT_ROLES.includes(officer.role) && officer.departmentId) return { id: officer.id, name: officer.name };
  return refused;
}

export type FirstInquiryUnitKind = 'service_point' | 'department';

/** Whether an officer can hold a post in a unit: the service point's window, or the department's officers. */
export function holdsPostIn(officer: { role: string; servicePointId: string | null; departmentId: string | null }, unitKind: FirstInquiryUnitKind, unitId: string): boolean {
  return unitKind === 'service_point'
    ? officer.role === 'window' && officer.servicePointId === unitId
    : FIRST_INQUIRY_DEPARTMENT_ROLES.includes(officer.role) && officer.departmentId === unitId;
}

/** Unit names by id (service points and departments share one id space in practice; kinds are kept apart). */
export async function unitNames(db: Db): Promise<(kind: string, id: string) => string> {
  const [points, departments] = await Promise.all([
    db.servicePoint.findMany({ select: { id: true, name: true } }),
    db.department.findMany({ select: { id: true, name: true } }),
  ]);
  const names = { service_point: new Map(points.map((p) => [p.id, p.name])), department: new Map(departments.map((d) => [d.id, d.name])) };
  return (kind, id) => names[kind as FirstInquiryUnitKind]?.get(id) ?? id;
}

/** The post an officer holds (the lowest post id when several), for the project page, the receipt and the reply. */
export async function postOfOfficer(db: Db, officerId: string | null | undefined) {
  if (!officerId) return null;
  const held = await db.firstInquiryPostOfficer.findFirst({ where: { officerId }, orderBy: { postId: 'asc' }, include: { post: true } });
  if (!held) return null;
  const { post } = held;
  const unit =
    post.unitKind === 'service_point'
      ? await db.servicePoint.findUnique({ where: { id: post.unitId }, select: { name: true } })
      : await db.department.findUnique({ where: { id: post.unitId }, select: { name: true } });
  return { id: post.id, unitName: unit?.name ?? post.unitId, postName: post.postName, phone: post.phone };
}
