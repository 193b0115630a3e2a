/**
 * 全国投资项目在线审批监管平台 项目代码: 4-digit year of issue, 6-digit administrative division
 * (GB/T 2260), 2-digit industry (国民经济行业分类 GB/T 4754 大类), 2-digit project type (01 审批,
 * 02 核准, 03 备案) and a 6-digit serial, hyphenated: 2026-510921-44-03-000123. Accepted from the
 * applicant when the provincial platform already issued one (format checked here), generated
 * otherwise. Pure.
 */
import type { InvestmentRegime } from './routing';

export const NATIONAL_CODE_PATTERN = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

/** 项目类型代码: 01 审批 (government investment), 02 核准, 03 备案. */
export const NATIONAL_TYPE_LABEL: Readonly<Record<string, string>> = { '01': '审批', '02': '核准', '03': '备案' };

/** The platform issued its first codes in 2017; 2015 leaves room for codes migrated from provincial systems. */
const FIRST_YEAR = 2015;

/** Chinese reasons the code is not a valid national project code; empty when it is. */
export function nationalCodeProblems(code: string, currentYear: number): string[] {
  const m = NATIONAL_CODE_PATTERN.exec(code);
  if (!m) return ['全国投资项目代码格式应为“年份-行政区划代码-行业代码-项目类型代码-流水号”，如 2026-510921-44-03-000123'];
  const [, year, division, , type, serial] = m;
  const problems: string[] = [];
  if (Number(year) < FIRST_YEAR || Number(year) > currentYear) problems.push(`赋码年份 ${year} 不在 ${FIRST_YEAR}–${currentYear} 之间`);
  // GB/T 2260: provinces 11–82; a county code never ends in 00 00 … but a province-level project can.
  const province = Number(division.slice(0, 2));
  if (province < 11 || province > 82) problems.push(`行政区划代码 ${division} 不是有效的省级行政区划开头（11–82）`);
  if (!NATIONAL_TYPE_LABEL[type]) problems.push(`项目类型代码 ${type} 无效，应为 01（审批）、02（核准）或 03（备案）`);
  if (serial === '000000') problems.push('流水号不能为 000000');
  return problems;
}

export function nationalTypeCode(regime: InvestmentRegime | undefined): string {
  return regime === 'approval' ? '02' : '03';
}

/**
 * A code for a project the provincial platform has not coded yet. The serial is the project's own
 * sequence number, so it is unique among generated codes; `industryCode` 00 marks an industry not stated.
 */
export function generateNationalCode(p: { year: string; division: string; industryCode?: string; regime?: InvestmentRegime; serial: number }): string {
  return `${p.year}-${p.division}-${p.industryCode ?? '00'}-${nationalTypeCode(p.regime)}-${String(p.serial).padStart(6, '0')}`;
}
