/**
 * The lifecycle scenario's fixture (shared by the workflow and the integration scenario): six
 * approval items of the seed departments, four ready at intake and two with one prerequisite
 * each — GJJ-01 after FGW-01 (the chain that is approved) and ZJJ-01 after GTJ-01 (the chain
 * whose prerequisite is rejected). Working-day limits are chosen so that, received on
 * 2026-09-25, every first-wave alarm falls before 2026-11-26 (the day the scenario was written),
 * keeping the catch-up identical whenever the suite runs.
 */
import type { CatalogueItem } from '../../domain/routing';

const item = (
  id: string,
  departmentId: string,
  name: string,
  statutoryDays: number,
  promisedDays: number,
  prerequisites: string[] = [],
): CatalogueItem => ({
  id,
  departmentId,
  name,
  statutoryDays,
  promisedDays,
  greenChannelDays: null,
  requiredMaterials: [`${name}申请表`],
  prerequisites,
  applicability: {},
});

export const SCENARIO_ITEMS: CatalogueItem[] = [
  item('FGW-01', 'FGW', '企业投资项目备案', 5, 2),
  item('GTJ-01', 'GTJ', '建设项目用地预审与选址意见书', 20, 10),
  item('HBJ-01', 'HBJ', '建设项目环境影响评价文件审批', 30, 15),
  item('SWJ-01', 'SWJ', '生产建设项目水土保持方案审批', 10, 5),
  item('GJJ-01', 'GJJ', '建设用地规划许可证核发', 20, 7, ['FGW-01']),
  item('ZJJ-01', 'ZJJ', '建筑工程施工许可证核发', 15, 10, ['GTJ-01']),
];

export const FIRST_WAVE = ['FGW-01', 'GTJ-01', 'HBJ-01', 'SWJ-01'];

export const APPLICANT = { name: '闽东精密制造有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } };

/** An industrial project's submission (FGW, GTJ, HBJ, SWJ in the first wave; FGW leads), for coordination tests. */
export const INDUSTRIAL_SUBMISSION = {
  applicant: APPLICANT,
  project: { name: '新型建材生产线项目', type: 'industrial', location: '城东工业园 9 号地块', investmentWan: 3000 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};

export const PROJECT = { name: '年产 10 万件精密零部件项目', type: 'industrial', location: '城东工业园 3 号地块', investmentWan: 5000 };

export const REJECTION_REASONS = ['项目选址位于永久基本农田保护范围内，不符合土地利用总体规划'];
export const CONDITIONS = ['施工期落实扬尘与噪声防治措施', '投产前完成环保设施竣工验收'];
