/**
 * Valid requests for the authorisation matrix (test/integration/authz-matrix.test.ts): operations that
 * need more than their path get a body, query or headers here, so a 400 cannot hide the authorisation
 * outcome; destructive ones target missing objects.
 */
import { randomUUID } from 'node:crypto';
import type { OperationId } from '../../api/http/validation';
import { APPLICANT } from './scenario';

const submission = {
  applicant: APPLICANT,
  project: { name: '年产 10 万件精密零部件项目', type: 'warehouse', location: '城东工业园 3 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};

export interface Fixture {
  /** Path parameters that differ from the shared context (e.g. a missing object for destructive operations). */
  params?: Record<string, string>;
  /** Query string without `?`, for operations with required query parameters. */
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A stale version: task operations reach the handler and stop at 412 without changing anything. */
const STALE = { 'If-Match': '"999"' };

/** Valid requests for operations that need more than their path; destructive ones target missing objects. */
export const FIXTURES: Partial<Record<OperationId, () => Fixture>> = {
  submitProject: () => ({ headers: { 'Idempotency-Key': `authz-${randomUUID()}` }, body: submission }),
  submitMaterials: () => ({ body: { materials: [{ name: '补充说明', copies: 1 }] } }),
  withdrawProject: () => ({ params: { projectId: 'XM-2099-999999' }, body: { reason: '矩阵测试：对象不存在' } }),
  grantGreenChannel: () => ({ params: { projectId: 'XM-2099-999999' }, body: { reason: '矩阵测试：对象不存在' } }),
  putFirstInquiryPost: () => ({ params: { postId: 'AUTHZ-POST' }, body: { unitKind: 'service_point', unitId: 'XZFW', postName: '矩阵测试岗', duties: '矩阵测试', officerIds: [] } }),
  markNotificationsRead: () => ({ body: { all: true } }),
  reassignFirstInquiryOfficer: () => ({ params: { projectId: 'XM-2099-999999' }, body: { officerId: 'off_missing', reason: '矩阵测试：对象不存在' } }),
  recordMilestone: () => ({ body: { plannedDate: '2026-09-01' } }),
  recordSatisfaction: () => ({ body: { rating: 'satisfied' } }),
  closeProjectTracking: () => ({ params: { projectId: 'XM-2099-999999' }, body: { reason: '矩阵测试：对象不存在' } }),
  computeDeadline: () => ({ body: { startDate: '2026-03-02', workingDays: 5 } }),
  // A project type no submission uses, so the item added by the admin never routes.
  putApprovalItem: () => ({
    params: { itemId: 'AUTHZ-01' },
    body: {
      departmentId: 'FGW',
      name: '矩阵测试事项',
      statutoryDays: 20,
      promisedDays: 10,
      limitUnit: 'workingDays',
      legalBasis: [{ law: '《中华人民共和国行政许可法》', article: '第四十二条' }],
      requiredMaterials: [],
      prerequisites: [],
      applicability: { projectTypes: ['authz-none'] },
    },
  }),
  deleteApprovalItem: () => ({ params: { itemId: 'MISSING-99' } }),
  previewProject: () => ({ body: { type: 'industrial', investmentWan: 1200 } }),
  acceptTask: () => ({ headers: STALE, body: {} }),
  requestSupplement: () => ({ headers: STALE, body: { items: [{ material: '用地红线图', reason: '缺少盖章' }] } }),
  decideTask: () => ({ headers: STALE, body: { decision: 'approved', permitNumber: 'FGW-2026-001' } }),
  requestDeadlineExtension: () => ({ headers: STALE, body: { days: 5, reason: '矩阵测试：需组织听证' } }),
  decideDeadlineExtension: () => ({ headers: STALE, body: { approve: true, note: '矩阵测试' } }),
  startExcludedPeriod: () => ({ headers: STALE, body: { kind: 'expert_review', reason: '矩阵测试：专家评审', plannedDays: 10 } }),
  endExcludedPeriod: () => ({ headers: STALE, body: {} }),
  reassignTask: () => ({ headers: STALE, body: { delegate: { id: 'staff-01', name: '赵代理' }, until: '2026-12-31', reason: '出差' } }),
  createWebhookSubscription: () => ({ body: { url: 'http://127.0.0.1:9/approval', description: '矩阵测试' } }),
  deleteWebhookSubscription: () => ({ params: { subscriptionId: 'sub-missing' } }),
  listWebhookDeliveries: () => ({ params: { subscriptionId: 'sub-missing' } }),
  putCalendarYear: () => ({ body: { official: false, holidays: [], workdays: [], source: '矩阵测试' } }),
  createApiKey: () => ({ body: { role: 'window', label: '矩阵测试', servicePointId: 'XZFW' } }),
  createOfficer: () => ({ body: { username: `m-${randomUUID().slice(0, 8)}`, name: '矩阵测试', role: 'supervisor', password: 'Matrix2026pass' } }),
  updateOfficer: () => ({ params: { officerId: 'off_missing' }, body: { name: '矩阵测试：对象不存在' } }),
  // A wrong current password: the handler answers 400 on /currentPassword, past authorisation, and nothing changes.
  changeOwnPassword: () => ({ body: { currentPassword: 'not-the-password-1', newPassword: 'Matrix2026pass' } }),
  revokeApiKey: () => ({ params: { keyId: 'key_missing' } }),
  createSupervisionOrder: () => ({ params: { taskId: 'XM-2099-999999.FGW-01' }, body: { directive: '矩阵测试：对象不存在', workingDays: 3 } }),
  respondSupervisionOrder: () => ({ body: { response: '矩阵测试' } }),
  fileComplaint: () => ({
    headers: { 'Idempotency-Key': `authz-${randomUUID()}` },
    body: { departmentId: 'FGW', category: 'other', description: '矩阵测试投诉', complainant: { name: '张三', phone: '13800000000' } },
  }),
  assignComplaint: () => ({ body: { unitId: 'FGW', workingDays: 5 } }),
  explainComplaint: () => ({ body: { explanation: '矩阵测试' } }),
  resolveComplaint: () => ({ body: { finding: 'unsubstantiated', detail: '矩阵测试', action: '无' } }),
  recordComplaintFeedback: () => ({ body: { rating: 'satisfied' } }),
  markComplaintForNotice: () => ({ body: { reason: '矩阵测试' } }),
  // A payload without the encryption marker passes through both ways; no key material is involved.
  decodeTemporalPayloads: () => ({ body: { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==' }] } }),
  encodeTemporalPayloads: () => ({ body: { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==' }] } }),
  getStatistics: () => ({ query: 'from=2026-01-01&to=2026-12-31' }),
  // A missing project / countersign: past authorisation, the handler answers 404 and nothing starts.
  startCountersign: () => ({ params: { projectId: 'XM-2099-999999' }, body: { title: '矩阵测试', draft: '矩阵测试', departmentIds: ['GTJ'], workingDays: 3 } }),
  signCountersign: () => ({ params: { countersignId: 'HQ-2099-999999' }, body: { decision: 'sign' } }),
  declareOfficerAbsence: () => ({ params: { officerId: 'off_missing' }, body: { kind: 'leave', from: '2099-01-05', to: '2099-01-06', deputyOfficerId: 'off_missing2', reason: '矩阵测试：对象不存在' } }),
  listDepartmentOfficers: () => ({ params: { departmentId: 'FGW' } }),
  shortenOfficerAbsence: () => ({ params: { absenceId: 'AB-2099-999999' }, body: { backOn: '2099-01-05', reason: '矩阵测试：对象不存在' } }),
  scheduleJointMeeting: () => ({ params: { projectId: 'XM-2099-999999' }, body: { kind: 'consultation', agenda: '矩阵测试', meetingDate: '2099-01-05' } }),
  recordMeetingMinutes: () => ({ params: { meetingId: 'LX-2099-999999' }, body: { minutes: '矩阵测试', commitments: [{ departmentId: 'GTJ', commitment: '矩阵测试', workingDays: 2 }] } }),
  exportStatistics: () => ({ query: 'year=2026&quarter=1' }),
  putIntermediary: () => ({
    params: { intermediaryId: 'AUTHZ-ZJ' },
    body: { name: '矩阵测试咨询公司', uscc: '91510900MA62UY5P4F', serviceKinds: ['环境影响评价报告编制'], limitDays: 10, contact: { name: '王五', phone: '0825-1234567' } },
  }),
  // A missing intermediary: past authorisation and the task's scope, the handler answers 422 and nothing starts.
  startIntermediaryPeriod: () => ({ headers: STALE, body: { intermediaryId: 'ZJ-MISSING', serviceKind: '环境影响评价报告编制', reason: '矩阵测试' } }),
  recordIntermediaryResult: () => ({ headers: STALE, body: { result: 'delivered', rating: 4 } }),
};
