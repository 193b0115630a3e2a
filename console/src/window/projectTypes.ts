/** Display names of the catalogue's project types (the contract carries codes). */
const labels: Record<string, string> = {
  industrial: '工业项目',
  commercial: '商业服务业项目',
  infrastructure: '基础设施项目',
  residential: '房地产开发项目',
  logistics: '物流仓储项目',
  warehouse: '仓储项目',
  other: '其他项目',
};

export function projectTypeLabel(type: string): string {
  return labels[type] ?? type;
}

export function projectTypeOptions(catalogueTypes: string[]): { value: string; label: string }[] {
  // Only catalogue types: any other type is refused at intake (不予受理, 行政许可法 Art. 32).
  const all = [...new Set(catalogueTypes)];
  return all.map((value) => ({ value, label: projectTypeLabel(value) }));
}
