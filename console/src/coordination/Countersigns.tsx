/**
 * 会签 on a project: the lead department drafts a joint opinion and names the departments; each
 * signs (optional opinion) or declines with reasons and may sign later; the page shows every
 * department's state and links the printable 会签意见.
 */
import { Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { $api, POLL_MS } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { FormModal } from '../components/FormModal';
import { tableDate, tableDateTime } from '../format';
import { DueDatePreview } from './DueDate';
import { countersignStatusLabel, signatureStatusLabel, type Countersign } from './labels';
import type { Viewer } from './viewer';

type Signature = Countersign['signatures'][number];

export function StartCountersignButton({ projectId, candidates }: { projectId: string; candidates: string[] }) {
  const dept = useDepartmentNames();
  const start = $api.useMutation('post', '/api/v1/projects/{projectId}/countersigns');
  return (
    <FormModal<{ title: string; draft: string; departmentIds: string[]; workingDays: number }>
      label="发起会签"
      title="发起会签（牵头部门起草联合意见）"
      width={680}
      button={{ disabled: candidates.length === 0, title: candidates.length === 0 ? '本项目没有其他部门' : undefined }}
      initialValues={{ workingDays: 3, departmentIds: candidates }}
      submit={(body) => start.mutateAsync({ params: { path: { projectId } }, body })}
    >
      {() => (
        <>
          <Form.Item label="会签事项" name="title" rules={[{ required: true, message: '请填写会签事项' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label="联合意见（草稿）" name="draft" rules={[{ required: true, message: '请填写联合意见' }]}>
            <Input.TextArea rows={5} maxLength={5000} />
          </Form.Item>
          <Form.Item label="会签部门" name="departmentIds" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个会签部门' }]}>
            <Checkbox.Group options={candidates.map((d) => ({ value: d, label: dept(d) }))} />
          </Form.Item>
          <Space align="baseline">
            <Form.Item label="签署时限（工作日）" name="workingDays" rules={[{ required: true, message: '请填写签署时限' }]}>
              <InputNumber min={1} max={30} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {(form) => <DueDatePreview workingDays={form.getFieldValue('workingDays') as number} />}
            </Form.Item>
          </Space>
        </>
      )}
    </FormModal>
  );
}

function SignButtons({ countersign }: { countersign: Countersign }) {
  const sign = $api.useMutation('post', '/api/v1/countersigns/{countersignId}/signature');
  const params = { path: { countersignId: countersign.id } };
  return (
    <Space>
      <FormModal<{ opinion?: string }>
        label="签署"
        title={`签署会签：${countersign.title}`}
        button={{ type: 'primary' }}
        submit={(v) => sign.mutateAsync({ params, body: v.opinion?.trim() ? { decision: 'sign', opinion: v.opinion.trim() } : { decision: 'sign' } })}
      >
        {() => (
          <Form.Item label="签署意见（可不填）" name="opinion">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </FormModal>
      <FormModal<{ reasons: string }>
        label="不同意"
        title={`不同意会签：${countersign.title}`}
        button={{ danger: true }}
        // '/reasons/0' is about the list as a whole: the officer types it as lines.
        mapPointer={(p) => (p[0] === 'reasons' ? ['reasons'] : p)}
        submit={(v) => sign.mutateAsync({ params, body: { decision: 'decline', reasons: v.reasons.split('\n').map((l) => l.trim()).filter(Boolean) } })}
      >
        {() => (
          <Form.Item label="不同意的理由（每行一条）" name="reasons" rules={[{ required: true, whitespace: true, message: '请写明不同意的理由' }]} extra="不同意后，修改联合意见或沟通一致时仍可签署">
            <Input.TextArea rows={4} />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}

const signatureTag = (s: Signature) => (
  <Tag color={s.status === 'signed' ? 'success' : s.status === 'declined' ? 'error' : 'default'}>
    {signatureStatusLabel[s.status]}
    {s.status !== 'declined' && s.declines > 0 ? `（曾不同意 ${s.declines} 次）` : ''}
  </Tag>
);

export function CountersignCard({ countersign: c, viewer }: { countersign: Countersign; viewer: Viewer }) {
  const dept = useDepartmentNames();
  const mine = c.signatures.find((s) => s.departmentId === viewer.departmentId);
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`countersign-${c.id}`}
      style={{ marginBottom: 8 }}
      title={
        <Space>
          <span>{c.title}</span>
          <Typography.Text type="secondary">{c.id}</Typography.Text>
          <Tag color={c.status === 'completed' ? 'success' : c.status === 'overdue' ? 'error' : 'processing'}>{countersignStatusLabel[c.status]}</Tag>
        </Space>
      }
      extra={
        <Space>
          {mine && mine.status !== 'signed' && <SignButtons countersign={c} />}
          <Button href={`/console/print/countersign/${encodeURIComponent(c.id)}`} target="_blank">
            打印会签意见
          </Button>
        </Space>
      }
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="牵头部门">{dept(c.leadDepartmentId)}</Descriptions.Item>
        <Descriptions.Item label="发起">{c.startedBy}（{tableDateTime(c.startedAt)}）</Descriptions.Item>
        <Descriptions.Item label="签署期限">
          {tableDate(c.dueDate)}
          {c.provisional ? '（预估）' : ''}
          {c.completedAt ? `，${tableDate(c.completedAt)} 全部签署` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="联合意见" span={3}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{c.draft}</span>
        </Descriptions.Item>
      </Descriptions>
      <Table<Signature>
        size="small"
        rowKey="departmentId"
        pagination={false}
        dataSource={c.signatures}
        columns={[
          { title: '会签部门', width: 150, render: (_, s) => dept(s.departmentId) },
          { title: '状态', width: 170, render: (_, s) => <span data-testid={`signature-${c.id}-${s.departmentId}`}>{signatureTag(s)}</span> },
          { title: '意见 / 不同意的理由', render: (_, s) => (s.status === 'declined' ? s.reasons.join('；') : (s.opinion ?? (s.status === 'signed' ? '同意' : '—'))) },
          { title: '经办', width: 240, render: (_, s) => (s.actedAt ? `${s.actedBy ?? ''}（${tableDateTime(s.actedAt)}）` : '—') },
        ]}
      />
    </Card>
  );
}

export function CountersignList({ projectId, viewer }: { projectId: string; viewer: Viewer }) {
  const list = $api.useQuery('get', '/api/v1/projects/{projectId}/countersigns', { params: { path: { projectId } } }, { refetchInterval: POLL_MS });
  return (
    <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty="暂无会签" compact>
      {(d) => d.items.map((c) => <CountersignCard key={c.id} countersign={c} viewer={viewer} />)}
    </QueryView>
  );
}
