/** 办事指南: every approval item with its department, legal basis, limits, fee, materials and prerequisites. */
import { useMemo, useState } from 'react';
import { Alert, Card, Col, Descriptions, Input, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { $public, type Schemas } from './api';
import { limitText } from './shared';

export function GuidePage() {
  const guide = $public.useQuery('get', '/api/v1/public/guide');
  const [text, setText] = useState('');
  const [department, setDepartment] = useState<string | undefined>();
  const items = useMemo(() => {
    const all = guide.data?.items ?? [];
    const q = text.trim();
    return all.filter((i) => (!department || i.departmentId === department) && (!q || i.name.includes(q) || i.departmentName.includes(q)));
  }, [guide.data, text, department]);
  if (guide.isPending) return <Spin tip="正在加载办事指南…" size="large"><div style={{ height: 120 }} /></Spin>;
  if (guide.isError) return <Alert type="error" showIcon message="办事指南加载失败" description="请稍后刷新重试" />;
  const names = new Map(guide.data.items.map((i) => [i.id, i.name]));
  const departments = [...new Map(guide.data.items.map((i) => [i.departmentId, i.departmentName])).entries()];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        办事指南（{guide.data.items.length} 个审批事项）
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        一门受理、并联审批：窗口一次收件，各部门同时办理；有前置事项的，前置事项办结后自动推送。时限自部门收件之日起算、当日不计。
      </Typography.Paragraph>
      <Row gutter={[8, 8]}>
        <Col xs={24} md={12}>
          <Input.Search allowClear placeholder="搜索事项或部门" aria-label="搜索事项或部门" onChange={(e) => setText(e.target.value)} />
        </Col>
        <Col xs={24} md={12}>
          <Select
            allowClear
            style={{ width: '100%' }}
            placeholder="全部部门"
            aria-label="按部门筛选"
            value={department}
            onChange={setDepartment}
            options={departments.map(([value, label]) => ({ value, label }))}
          />
        </Col>
      </Row>
      {items.map((i) => (
        <GuideItem key={i.id} item={i} names={names} />
      ))}
      {items.length === 0 && <Alert type="info" message="没有符合条件的事项" />}
    </Space>
  );
}

function GuideItem({ item: i, names }: { item: Schemas['PublicGuideItem']; names: Map<string, string> }) {
  return (
    <Card
      size="small"
      data-testid={`guide-${i.id}`}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {i.name} {i.stage === 'completion' && <Tag color="purple">竣工阶段</Tag>}
        </span>
      }
      extra={<Tag>{i.id}</Tag>}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
        <Descriptions.Item label="实施部门">{i.departmentName}</Descriptions.Item>
        <Descriptions.Item label="收费标准">{i.fee}</Descriptions.Item>
        <Descriptions.Item label="法定时限">{limitText(i.statutoryDays, i.limitUnit)}</Descriptions.Item>
        <Descriptions.Item label="承诺时限">{limitText(i.promisedDays, i.limitUnit)}</Descriptions.Item>
        <Descriptions.Item label="绿色通道">{i.greenChannelDays ? limitText(i.greenChannelDays, i.limitUnit) : '同承诺时限'}</Descriptions.Item>
        <Descriptions.Item label="前置事项">{i.prerequisites.length ? i.prerequisites.map((p) => names.get(p) ?? p).join('、') : '无（受理即推送）'}</Descriptions.Item>
        <Descriptions.Item label="适用条件" span={2}>
          {i.conditions.length ? i.conditions.join('；') : '所有投资项目'}
        </Descriptions.Item>
        <Descriptions.Item label="法律依据" span={2}>
          {i.legalBasis.length ? i.legalBasis.map((b) => `${b.law}${b.article}`).join('；') : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="申请材料" span={2}>
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {i.requiredMaterials.map((m) => {
              const chain = i.chainMaterials.find((c) => c.material === m);
              return (
                <li key={m}>
                  {m}
                  {chain && (
                    <Typography.Text type="secondary">
                      （由前序事项办理后取得：{chain.producedBy.map((p) => names.get(p) ?? p).join('或')}）
                    </Typography.Text>
                  )}
                </li>
              );
            })}
          </ol>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
