/**
 * 延期办结 (行政许可法 Art. 42) and 法定不计算期间 (Art. 45) on one task: the department asks for an
 * extension and starts/ends excluded periods; its head (or the efficiency office) decides the extension.
 * Every write carries If-Match with the task's version, like TaskActions.
 */
import { Button, Card, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import { $api, type Schemas, type Task } from '../api';
import { FormModal } from '../components/FormModal';
import { tableDate, tableDateTime } from '../format';
import type { Role } from '../session';

const ifMatch = (t: Task) => ({ 'If-Match': `"${t.version}"` });
const OPEN: Task['status'][] = ['received', 'accepted', 'supplement_requested'];

export const EXCLUDED_KIND_LABEL: Record<Schemas['ExcludedKind'], string> = {
  hearing: '听证',
  tendering_auction: '招标拍卖',
  testing_inspection_quarantine: '检验检测检疫',
  expert_review: '专家评审',
  intermediary_service: '中介服务',
};

export const EXTENSION_STATUS_LABEL: Record<Schemas['DeadlineExtension']['status'], string> = {
  requested: '待负责人审批',
  approved: '已批准',
  refused: '未批准',
  lapsed: '法定期限届满前未获批准，已失效',
};

export function StatutoryActions({ task, role }: { task: Task; role: Role }) {
  const request = $api.useMutation('post', '/api/v1/tasks/{taskId}/deadline-extension');
  const decide = $api.useMutation('post', '/api/v1/tasks/{taskId}/deadline-extension/decision');
  const start = $api.useMutation('post', '/api/v1/tasks/{taskId}/excluded-period');
  const end = $api.useMutation('post', '/api/v1/tasks/{taskId}/excluded-period/end');
  const params = { path: { taskId: task.id }, header: ifMatch(task) };
  if (!OPEN.includes(task.status)) return null;
  const isDept = role === 'department' || role === 'department_head';
  const canDecide = role === 'department_head' || role === 'supervisor';
  const openPeriod = task.clock.suspensions.find((s) => s.kind && s.to === null);

  return (
    <Space wrap>
      {isDept && !task.deadlineExtension && (
        <FormModal<{ days: number; reason: string }>
          label="申请延期办结"
          title="申请延期办结（行政许可法第四十二条）"
          initialValues={{ days: 10 }}
          submit={(v) => request.mutateAsync({ params, body: v })}
        >
          {() => (
            <>
              <Form.Item label="延长天数" name="days" rules={[{ required: true, message: '请填写延长天数' }]} extra="按事项的计时单位，最多为法律依据允许的天数（一般为 10 个工作日）">
                <InputNumber min={1} max={60} />
              </Form.Item>
              <Form.Item label="延期理由" name="reason" rules={[{ required: true, message: '请填写延期理由' }]}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
      {canDecide && task.deadlineExtension?.status === 'requested' && (
        <FormModal<{ approve: boolean; note?: string }>
          label="审批延期申请"
          title="审批延期办结申请"
          button={{ type: 'primary' }}
          initialValues={{ approve: true }}
          submit={(v) => decide.mutateAsync({ params, body: v.note ? v : { approve: v.approve } })}
        >
          {() => (
            <>
              <Form.Item name="approve" label="审批结论">
                <Radio.Group optionType="button" options={[{ value: true, label: '批准' }, { value: false, label: '不批准' }]} />
              </Form.Item>
              <Form.Item label="审批意见" name="note">
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
      {isDept && task.status === 'accepted' && !openPeriod && (
        <FormModal<{ kind: Schemas['ExcludedKind']; reason: string; plannedDays: number }>
          label="开始不计算期间"
          title="开始法定不计算期间（行政许可法第四十五条）"
          initialValues={{ kind: 'expert_review' }}
          submit={(v) => start.mutateAsync({ params, body: v })}
        >
          {() => (
            <>
              <Form.Item label="类别" name="kind" rules={[{ required: true }]}>
                {/* 中介服务 is entrusted with 委托中介服务 (it names the intermediary and runs its clock). */}
                <Select options={Object.entries(EXCLUDED_KIND_LABEL).filter(([value]) => value !== 'intermediary_service').map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item label="具体事项（告知申请人）" name="reason" rules={[{ required: true, message: '请填写具体事项' }]}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
              <Form.Item label="预计所需天数" name="plannedDays" rules={[{ required: true, message: '请填写预计天数' }]}>
                <InputNumber min={1} max={365} />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
      {isDept && openPeriod && openPeriod.kind !== 'intermediary_service' && (
        <FormModal<{ note?: string }> label={`结束${openPeriod.reason ?? '不计算期间'}`} title="结束法定不计算期间" submit={(v) => end.mutateAsync({ params, body: v.note ? v : {} })}>
          {() => (
            <Form.Item label="结果说明" name="note">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          )}
        </FormModal>
      )}
    </Space>
  );
}

/** The extension and the excluded periods of a task, for every role that can read it. */
export function StatutoryCard({ task }: { task: Task }) {
  const x = task.deadlineExtension;
  const periods = task.clock.suspensions.filter((s) => s.kind);
  if (!x && periods.length === 0) return null;
  return (
    <Card size="small" title="延期与不计算期间" style={{ marginBottom: 12 }}>
      {x && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="延期办结">
            <Space wrap>
              <Tag color={x.status === 'approved' ? 'blue' : x.status === 'requested' ? 'orange' : 'default'}>{EXTENSION_STATUS_LABEL[x.status]}</Tag>
              延长 {x.days} 天（上限 {x.maxDays}），理由：{x.reason}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="申请">{tableDateTime(x.requestedAt)}（{x.requestedBy}）</Descriptions.Item>
          {x.decidedAt && <Descriptions.Item label="审批">{tableDateTime(x.decidedAt)}（{x.decidedBy ?? '系统'}）{x.decisionNote ? `：${x.decisionNote}` : ''}</Descriptions.Item>}
          {x.status === 'approved' && (
            <Descriptions.Item label="法定到期日">
              {tableDate(x.statutoryDueDateBefore)} → {tableDate(x.statutoryDueDate)}{' '}
              <Button size="small" href={`/console/print/extension/${encodeURIComponent(task.id)}`} target="_blank">打印延期办结告知书</Button>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {periods.length > 0 && (
        <ul style={{ margin: 0 }}>
          {periods.map((s) => (
            <li key={s.from + (s.kind ?? '')}>{s.kind ? EXCLUDED_KIND_LABEL[s.kind] : s.reason}：{tableDate(s.from)} 至 {s.to ? tableDate(s.to) : '进行中（暂停计时）'}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}
