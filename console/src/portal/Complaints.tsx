/**
 * 效能投诉 (public): a complaint form with the server's arithmetic question, a tracking number on
 * success, and a lookup by tracking number. The contact is sent once and never shown back.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Result, Select, Space, Tabs, Typography } from 'antd';
import { $public, type Schemas } from './api';
import { complaintCategoryLabel, complaintFindingLabel, complaintStatusLabel } from '../format';
import { shortDate } from './shared';

interface Problem {
  status?: number;
  detail?: string;
  errors?: { pointer?: string; message: string }[];
}

const problemText = (e: unknown) => {
  const p = e as Problem | null;
  if (p?.status === 429) return '提交过于频繁，请稍后再试';
  return p?.errors?.[0]?.message ?? p?.detail ?? '提交失败，请稍后重试';
};

export function ComplaintsPage() {
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        效能投诉
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        对部门超时未办、推诿扯皮、乱收费、态度问题、吃拿卡要等，可在此投诉，由县效能办受理、交办并答复。联系方式仅供效能办回访，不会公开。
      </Typography.Paragraph>
      <Tabs
        items={[
          { key: 'file', label: '我要投诉', children: <ComplaintForm /> },
          { key: 'lookup', label: '查询办理情况', children: <ComplaintLookup /> },
        ]}
      />
    </Space>
  );
}

function ComplaintForm() {
  const guide = $public.useQuery('get', '/api/v1/public/guide');
  const challenge = $public.useQuery('post', '/api/v1/public/complaint-challenges', {}, { staleTime: 5 * 60_000, gcTime: 0 });
  const file = $public.useMutation('post', '/api/v1/public/complaints', { onError: () => void challenge.refetch() });
  const [form] = Form.useForm();
  const departments = [...new Map((guide.data?.items ?? []).map((i) => [i.departmentId, i.departmentName])).entries()];
  if (file.data) {
    return (
      <Result
        status="success"
        title="投诉已登记"
        subTitle={
          <span>
            查询编号 <b data-testid="tracking-number">{file.data.trackingNumber}</b>，请妥善保存，凭此编号查询办理情况。
          </span>
        }
        extra={<Button onClick={() => { file.reset(); form.resetFields(); void challenge.refetch(); }}>再投诉一件</Button>}
      />
    );
  }
  const submit = (v: { departmentId: string; category: Schemas['ComplaintCategory']; projectCode?: string; description: string; name: string; phone: string; answer: number }) => {
    if (!challenge.data) return;
    file.mutate({
      body: {
        departmentId: v.departmentId,
        category: v.category,
        ...(v.projectCode?.trim() ? { projectCode: v.projectCode.trim().toUpperCase() } : {}),
        description: v.description.trim(),
        contact: { name: v.name.trim(), phone: v.phone.trim() },
        challenge: { token: challenge.data.token, answer: v.answer },
      },
    });
  };
  return (
    <Card size="small">
      {file.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problemText(file.error)} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="departmentId" label="被投诉部门" rules={[{ required: true, message: '请选择被投诉部门' }]}>
          <Select placeholder="请选择" options={departments.map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="category" label="投诉类别" rules={[{ required: true, message: '请选择投诉类别' }]}>
          <Select placeholder="请选择" options={Object.entries(complaintCategoryLabel).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="projectCode" label="相关项目代码（可不填）" rules={[{ pattern: /^XM-\d{4}-\d{6}$/i, message: '项目代码形如 XM-2026-000123' }]}>
          <Input placeholder="XM-2026-000123" autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label="投诉事由" rules={[{ required: true, min: 5, message: '请写明事由（至少 5 个字）' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="name" label="联系人" rules={[{ required: true, message: '请填写联系人' }]}>
          <Input maxLength={50} autoComplete="name" />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[{ required: true, pattern: /^[0-9+() -]{5,20}$/, message: '请填写有效的联系电话' }]}>
          <Input inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item
          name="answer"
          label={
            <span>
              验证题：<b data-testid="challenge-question" data-expires={challenge.data?.expiresAt}>{challenge.data?.question ?? '加载中…'}</b>{' '}
              <Button type="link" size="small" onClick={() => void challenge.refetch()}>
                换一题
              </Button>
            </span>
          }
          rules={[{ required: true, message: '请回答验证题' }]}
        >
          <InputNumber min={0} max={1000} style={{ width: '100%' }} inputMode="numeric" aria-label="验证题答案" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={file.isPending} disabled={!challenge.data}>
          提交投诉
        </Button>
      </Form>
    </Card>
  );
}

function ComplaintLookup() {
  const [number, setNumber] = useState<string | null>(null);
  const found = $public.useQuery(
    'get',
    '/api/v1/public/complaints/{trackingNumber}',
    { params: { path: { trackingNumber: number ?? '' } } },
    { enabled: number !== null, retry: false },
  );
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Input.Search
        placeholder="查询编号，如 TS-2026-000012-K7Q2M9XH"
        aria-label="查询编号"
        enterButton="查询"
        onSearch={(v) => setNumber(v.trim().toUpperCase())}
      />
      {found.isError && <Alert type="error" showIcon message={(found.error as Problem | null)?.detail ?? '查询失败'} />}
      {found.data && (
        <Descriptions size="small" bordered column={1} data-testid="complaint-result">
          <Descriptions.Item label="查询编号">{found.data.trackingNumber}</Descriptions.Item>
          <Descriptions.Item label="被投诉部门">{found.data.departmentName}</Descriptions.Item>
          <Descriptions.Item label="类别">{complaintCategoryLabel[found.data.category]}</Descriptions.Item>
          <Descriptions.Item label="登记日期">{shortDate(found.data.filedOn)}</Descriptions.Item>
          <Descriptions.Item label="办理状态">{complaintStatusLabel[found.data.status]}</Descriptions.Item>
          <Descriptions.Item label="办理时限">{found.data.dueDate ? `${shortDate(found.data.dueDate)}前` : '待效能办交办'}</Descriptions.Item>
          <Descriptions.Item label="处理结果">
            {found.data.resolution
              ? `${complaintFindingLabel[found.data.resolution.finding]}；${found.data.resolution.action}（${shortDate(found.data.resolution.resolvedOn)}）`
              : '办理中'}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

export function NoticesPage() {
  const notices = $public.useQuery('get', '/api/v1/public/notices');
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        通报
      </Typography.Title>
      {notices.isError && <Alert type="error" showIcon message="通报加载失败，请稍后重试" />}
      {notices.data?.items.length === 0 && <Alert type="info" message="暂无通报" />}
      {notices.data?.items.map((n) => (
        <Card key={n.complaintId} size="small" title={`${n.departmentName} · ${complaintCategoryLabel[n.category]}`} extra={shortDate(n.noticedOn)} data-testid={`notice-${n.complaintId}`}>
          <Typography.Paragraph style={{ margin: 0 }}>{n.reason}</Typography.Paragraph>
          {n.finding && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              调查结论：{complaintFindingLabel[n.finding]}；处理措施：{n.action}
            </Typography.Paragraph>
          )}
        </Card>
      ))}
    </Space>
  );
}
