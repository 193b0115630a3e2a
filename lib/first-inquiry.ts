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
