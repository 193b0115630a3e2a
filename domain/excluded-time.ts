/**
 * Kinds of time the statute excludes from the licensing period (行政许可法 Art. 45): 听证, 招标,
 * 拍卖, 检验, 检测, 检疫, 鉴定 and 专家评审, plus intermediary services taken into the parallel
 * procedure (中介服务, 投资项目并联审批的延伸管理). The licensing body must tell the applicant in
 * writing how long it needs. Pure vocabulary shared by the workflow, the gateway and statistics.
 */
export type ExcludedKind = 'hearing' | 'tendering_auction' | 'testing_inspection_quarantine' | 'expert_review' | 'intermediary_service';

export const EXCLUDED_KINDS: readonly ExcludedKind[] = ['hearing', 'tendering_auction', 'testing_inspection_quarantine', 'expert_review', 'intermediary_service'];

export const EXCLUDED_KIND_LABEL: Readonly<Record<ExcludedKind, string>> = {
  hearing: '听证',
  tendering_auction: '招标拍卖',
  testing_inspection_quarantine: '检验检测检疫',
  expert_review: '专家评审',
  intermediary_service: '中介服务',
};

export const EXCLUDED_TIME_LEGAL_BASIS = '《中华人民共和国行政许可法》第四十五条';

export function isExcludedKind(v: unknown): v is ExcludedKind {
  return typeof v === 'string' && (EXCLUDED_KINDS as readonly string[]).includes(v);
}

/** Zero for every kind: the shape of "statistics by kind". */
export function countByKind(): Record<ExcludedKind, number> {
  return { hearing: 0, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 0, intermediary_service: 0 };
}
