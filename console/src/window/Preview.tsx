/**
 * Before submitting: which approval items apply, their materials as a checklist, limits and due
 * dates, and what the intake check would find missing (the gateway answers with the same rule it
 * files with), so the clerk sees the 一次性告知 before filing.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Checkbox, Descriptions, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { $api, problemText, type Schemas } from '../api';
import { tableDate } from '../format';
import { DataTable } from '../components/DataTable';

type PreviewItem = Schemas['ProjectPreviewItem'];

export interface PreviewInput {
  type?: string;
  investmentWan?: number;
  greenChannel?: boolean;
  /** Materials ticked as received: the answer lists what would still be missing. */
  materials?: string[];
}

export function usePreview(input: PreviewInput) {
  const ready = Boolean(input.type) && typeof input.investmentWan === 'number' && input.investmentWan > 0;
  return $api.useQuery(
    'post',
    '/api/v1/project-previews',
    { body: { type: input.type ?? '', investmentWan: input.investmentWan ?? 1, greenChannel: input.greenChannel ?? false, materials: input.materials ?? [] } },
    // Ticking a material asks again; the last answer stays on screen meanwhile.
    { enabled: ready, placeholderData: keepPreviousData },
  );
}

/** Materials issued by an earlier item of the project, with the names of the items that issue them. */
function chainProduced(items: PreviewItem[]): { material: string; by: string }[] {
  const name = (id: string) => items.find((x) => x.itemId === id)?.itemName ?? id;
  const routed = new Set(items.map((i) => i.itemId));
  const out = new Map<string, string>();
  for (const i of items) {
    for (const c of i.chainMaterials) {
      const by = c.producedBy.filter((p) => routed.has(p));
      if (by.length > 0 && !out.has(c.material)) out.set(c.material, by.map(name).join('或'));
    }
  }
  return [...out].map(([material, by]) => ({ material, by }));
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
  // What the applicant brings (not what an earlier item of the project issues), and what is still missing.
  const materials = preview.data.intakeMaterials;
  const missing = materials.filter((m) => !checked.has(m));
  const missingByItem = preview.data.missingMaterials;
  const fromChain = chainProduced(items);

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
      {fromChain.length > 0 && (
        <List
          style={{ marginTop: 8 }}
          size="small"
          header={<Typography.Text type="secondary">由前序事项办理后取得，受理时无需提交</Typography.Text>}
          dataSource={fromChain}
          renderItem={(c) => (
            <List.Item>
              <Typography.Text type="secondary">{c.material}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>由前序事项办理后取得（{c.by}）</Typography.Text>
            </List.Item>
          )}
        />
      )}
      {missingByItem.length > 0 ? (
        <Alert
          data-testid="intake-missing"
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          message={`尚缺 ${missing.length} 项材料：登记后待补齐材料（暂不受理、不计时），打印一次性告知书`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {missingByItem.map((m) => (
                <li key={m.itemId}>
                  {m.itemName}：{m.materials.join('、')}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert style={{ marginTop: 8 }} type="success" showIcon message="材料齐全，确认后当场受理，各事项自今日起计时" />
      )}
    </div>
  );
}
