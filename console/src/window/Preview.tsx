/** Before submitting: which approval items apply, their materials as a checklist, limits and due dates. */
import { Alert, Checkbox, Descriptions, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { $api, problemText, type Schemas } from '../api';
import { tableDate } from '../format';
import { DataTable } from '../components/DataTable';

type PreviewItem = Schemas['ProjectPreviewItem'];

export interface PreviewInput {
  type?: string;
  investmentWan?: number;
  greenChannel?: boolean;
}

export function usePreview(input: PreviewInput) {
  const ready = Boolean(input.type) && typeof input.investmentWan === 'number' && input.investmentWan > 0;
  return $api.useQuery(
    'post',
    '/api/v1/project-previews',
    { body: { type: input.type ?? '', investmentWan: input.investmentWan ?? 1, greenChannel: input.greenChannel ?? false } },
    { enabled: ready },
  );
}

/** Every material any applicable item requires, once each, in catalogue order. */
export function requiredMaterialsOf(items: PreviewItem[]): string[] {
  return [...new Set(items.flatMap((i) => i.requiredMaterials))];
}

function limit(days: number, unit: PreviewItem['limitUnit'], due: string | null, provisional: boolean) {
  return (
    <span>
      {days} {unit === 'naturalDays' ? '日（自然日）' : '个工作日'}
      <br />
      <Typography.Text type="secondary">{due ? `至 ${tableDate(due)}${provisional ? '（预估）' : ''}` : '前置办结后起算'}</Typography.Text>
    </span>
  );
}

export function PreviewPanel({
  input,
  checked,
  onToggle,
}: {
  input: PreviewInput;
  checked: Set<string>;
  onToggle: (material: string, on: boolean) => void;
}) {
  const preview = usePreview(input);
  if (!input.type || !input.investmentWan) return <Empty description="填写项目类型与总投资后，显示适用的审批事项、材料清单与办理时限" />;
  if (preview.isPending) return <Spin tip="正在预览适用事项…"><div style={{ minHeight: 120 }} /></Spin>;
  if (preview.isError) return <Alert type="error" showIcon message="无法预览适用事项" description={problemText(preview.error)} />;
  const { items, receivedOn } = preview.data;
  if (items.length === 0) return <Alert type="warning" showIcon message="目录中没有适用于该项目的审批事项" />;
  const materials = requiredMaterialsOf(items);
  const missing = materials.filter((m) => !checked.has(m));

  return (
    <div data-testid="intake-preview">
      <Descriptions size="small" column={2} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="适用事项">{items.length} 项</Descriptions.Item>
        <Descriptions.Item label="按今日受理">{tableDate(receivedOn)}</Descriptions.Item>
      </Descriptions>
      <DataTable<PreviewItem>
        rowKey="itemId"
        pagination={false}
        dataSource={items}
        columns={[
          {
            title: '审批事项',
            render: (_, i) => (
              <Space direction="vertical" size={0}>
                <span>{i.itemName}</span>
                <Typography.Text type="secondary">{i.departmentName}</Typography.Text>
                {i.prerequisites.length > 0 && <Tag>前置：{i.prerequisites.map((id) => items.find((x) => x.itemId === id)?.itemName ?? id).join('、')}</Tag>}
              </Space>
            ),
          },
          { title: '法定时限', width: 118, render: (_, i) => limit(i.statutoryDays, i.limitUnit, i.statutoryDueDate, i.provisional) },
          { title: '承诺时限', width: 118, render: (_, i) => limit(i.promisedDays, i.limitUnit, i.promisedDueDate, i.provisional) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        材料清单（已收 {materials.length - missing.length} / {materials.length}）
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={materials}
        renderItem={(m) => (
          <List.Item>
            <Checkbox checked={checked.has(m)} onChange={(e) => onToggle(m, e.target.checked)}>
              {m}
            </Checkbox>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {items.filter((i) => i.requiredMaterials.includes(m)).map((i) => i.itemName).join('、')}
            </Typography.Text>
          </List.Item>
        )}
      />
      {missing.length > 0 && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon message={`尚缺 ${missing.length} 项材料，可先受理，由部门一次性告知补正`} />
      )}
    </div>
  );
}
