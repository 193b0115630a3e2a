/** 满意度评价 through the consolidated reply's one-time link (/rate?code=…&t=…), and 效能公示. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Result, Select, Space, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { shanghaiDay } from '../format';
import { $public, type Schemas } from './api';

const RATINGS: { value: Schemas['SatisfactionRating']; label: string }[] = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
];

export function RatingPage() {
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const token = params.get('t') ?? '';
  const rate = $public.useMutation('post', '/api/v1/public/ratings');
  const [rating, setRating] = useState<Schemas['SatisfactionRating']>();
  if (!code || !token) return <Alert type="warning" showIcon message="请使用集中回复所附的评价链接进入本页" />;
  if (rate.data) return <Result status="success" title="感谢您的评价" subTitle={`项目 ${rate.data.code} 的评价已记录，将计入部门满意率。`} />;
  const problem = rate.error as { detail?: string; errors?: { message: string }[] } | null;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        满意度评价
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        项目 {code} 已集中回复。请对本次并联审批服务作出评价，每个项目只能评价一次。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem.errors?.[0]?.message ?? problem.detail ?? '评价失败，请稍后重试'} />}
      <Card size="small">
        <Form layout="vertical" onFinish={(v: { comment?: string }) => rating && rate.mutate({ body: { code, token, rating, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) } })}>
          <Form.Item label="总体评价" required>
            <Radio.Group optionType="button" buttonStyle="solid" value={rating} onChange={(e) => setRating(e.target.value)} options={RATINGS} />
          </Form.Item>
          <Form.Item
            name="comment"
            label="意见建议"
            rules={[{ required: rating === 'dissatisfied', message: '选择“不满意”时请写明意见' }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" block disabled={!rating} loading={rate.isPending}>
            提交评价
          </Button>
        </Form>
      </Card>
    </Space>
  );
}

const percent = (r: Schemas['PublicRate']) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%（${r.numerator}/${r.denominator}）`);

/** The last twelve months, newest first, as YYYY-MM in Shanghai time. */
function recentMonths(): string[] {
  const month = shanghaiDay().startOf('month');
  return Array.from({ length: 12 }, (_, i) => month.subtract(i, 'month').format('YYYY-MM'));
}

export function PerformancePage() {
  const months = recentMonths();
  const [month, setMonth] = useState(months[0]);
  const q = $public.useQuery('get', '/api/v1/public/performance', { params: { query: { month } } });
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        效能公示
      </Typography.Title>
      <Select aria-label="月份" value={month} onChange={setMonth} style={{ width: 160 }} options={months.map((m) => ({ value: m, label: `${m.slice(0, 4)}年${Number(m.slice(5))}月` }))} />
      {q.isError && <Alert type="error" showIcon message="效能公示加载失败，请稍后重试" />}
      <Table
        size="small"
        rowKey="departmentName"
        loading={q.isPending}
        pagination={false}
        scroll={{ x: 420 }}
        dataSource={q.data?.departments ?? []}
        locale={{ emptyText: '本月暂无办结事项' }}
        data-testid="performance-table"
        columns={[
          { title: '部门', dataIndex: 'departmentName' },
          { title: '办结数', dataIndex: 'tasksConcluded', width: 70 },
          { title: '按时办结率', dataIndex: 'onTime', render: percent },
          { title: '满意率', dataIndex: 'satisfaction', render: percent },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        按时办结率：在承诺时限内办结的事项占本月办结事项的比例；满意率：满意与基本满意占本月评价的比例（含申请人网上评价与代办专员回访）。
      </Typography.Text>
    </Space>
  );
}
