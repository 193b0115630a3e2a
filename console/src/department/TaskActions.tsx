/** A department's acts on a task (each carries If-Match with the task's version): accept, 一次性告知, decide, 职位代理. */
import { Button, DatePicker, Form, Input, Radio, Space } from 'antd';
import type { FormInstance } from 'antd';
import type dayjs from 'dayjs';
import { $api, type Schemas, type Task } from '../api';
import { FormModal } from '../components/FormModal';
import { shanghaiDay } from '../format';

const ifMatch = (t: Task) => ({ 'If-Match': `"${t.version}"` });
const lines = (text: string | undefined) => (text ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
/** '/reasons/2' names the reasons box as a whole: the form keeps them as one text, one per line. */
const toBox = (p: (string | number)[]) => (p[0] === 'reasons' || p[0] === 'conditions' ? [p[0]] : p);

export function TaskActions({ task }: { task: Task }) {
  const accept = $api.useMutation('post', '/api/v1/tasks/{taskId}/acceptance');
  const notice = $api.useMutation('post', '/api/v1/tasks/{taskId}/supplement-notice');
  const decide = $api.useMutation('post', '/api/v1/tasks/{taskId}/decision');
  const reassign = $api.useMutation('post', '/api/v1/tasks/{taskId}/delegation');
  const params = { path: { taskId: task.id }, header: ifMatch(task) };
  const open = task.status === 'received' || task.status === 'accepted' || task.status === 'supplement_requested';
  if (!open) return null;

  return (
    <Space wrap>
      {task.status === 'received' && (
        <FormModal<{ note?: string }> label="签收受理" title="签收受理" button={{ type: 'primary' }} okText="受理" submit={(v) => accept.mutateAsync({ params, body: v.note ? { note: v.note } : {} })}>
          {() => (
            <Form.Item label="受理意见" name="note">
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          )}
        </FormModal>
      )}
      {(task.status === 'received' || task.status === 'accepted') && !task.supplementNotice && (
        <FormModal<{ items: Schemas['MissingMaterial'][]; note?: string }>
          label="一次性告知"
          title="一次性告知补正材料"
          width={640}
          okText="发出告知"
          initialValues={{ items: [{ material: '', reason: '' }] }}
          submit={(v) => notice.mutateAsync({ params, body: { items: v.items, ...(v.note ? { note: v.note } : {}) } })}
        >
          {() => (
            <>
              <Form.List name="items">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="start" style={{ display: 'flex' }}>
                        <Form.Item name={[f.name, 'material']} rules={[{ required: true, message: '请填写材料' }]} style={{ width: 220 }}>
                          <Input placeholder="需补正的材料" aria-label="需补正的材料" />
                        </Form.Item>
                        <Form.Item name={[f.name, 'reason']} rules={[{ required: true, message: '请填写原因' }]} style={{ width: 280 }}>
                          <Input placeholder="补正原因" aria-label="补正原因" />
                        </Form.Item>
                        {fields.length > 1 && <Button onClick={() => remove(f.name)}>删除</Button>}
                      </Space>
                    ))}
                    <Button onClick={() => add({ material: '', reason: '' })}>增加一项</Button>
                  </>
                )}
              </Form.List>
              <Form.Item label="说明" name="note" style={{ marginTop: 12 }}>
                <Input.TextArea rows={2} maxLength={2000} placeholder="一次性列全全部需补正的材料；告知后暂停计时，补正后恢复" />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
      {/* While an intermediary works the gateway refuses a decision (409 intermediary_period_open): record its result first. */}
      {task.status === 'accepted' && !task.clock.suspensions.some((x) => x.kind === 'intermediary_service' && x.to === null) && (
        <FormModal<{ decision: Schemas['Decision']; permitNumber?: string; conditions?: string; reasons?: string }>
          label="作出决定"
          title="审批决定"
          button={{ type: 'primary' }}
          mapPointer={toBox}
          initialValues={{ decision: 'approved' }}
          submit={(v) => {
            const reasons = lines(v.reasons);
            const body: Schemas['DecisionRequest'] =
              v.decision === 'rejected'
                ? { decision: 'rejected', reasons }
                : v.decision === 'approved_with_conditions'
                  ? { decision: 'approved_with_conditions', permitNumber: v.permitNumber ?? '', conditions: lines(v.conditions), ...(reasons.length ? { reasons } : {}) }
                  : { decision: 'approved', permitNumber: v.permitNumber ?? '', ...(reasons.length ? { reasons } : {}) };
            return decide.mutateAsync({ params, body });
          }}
        >
          {(form) => <DecisionFields form={form} />}
        </FormModal>
      )}
      <FormModal<{ delegate: { id: string; name: string }; until: dayjs.Dayjs; reason: string }>
        label="职位代理"
        title="职位代理（指定代理人）"
        submit={(v) => reassign.mutateAsync({ params, body: { delegate: v.delegate, until: v.until.format('YYYY-MM-DD'), reason: v.reason } })}
      >
        {() => (
          <>
            <Space>
              <Form.Item label="代理人编号" name={['delegate', 'id']} rules={[{ required: true, message: '请填写代理人编号' }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item label="代理人姓名" name={['delegate', 'name']} rules={[{ required: true, message: '请填写代理人姓名' }]}>
                <Input maxLength={50} />
              </Form.Item>
            </Space>
            <Form.Item label="代理截止日期（含当日）" name="until" rules={[{ required: true, message: '请选择截止日期' }]}>
              <DatePicker disabledDate={(d) => d.isBefore(shanghaiDay(), 'day')} />
            </Form.Item>
            <Form.Item label="代理原因" name="reason" rules={[{ required: true, message: '请填写原因' }]}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </Space>
  );
}

function DecisionFields({ form }: { form: FormInstance }) {
  const decision = Form.useWatch('decision', form) as Schemas['Decision'] | undefined;
  return (
    <>
      <Form.Item name="decision" label="决定">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'approved', label: '准予许可' },
            { value: 'approved_with_conditions', label: '附条件准予' },
            { value: 'rejected', label: '不予许可' },
          ]}
        />
      </Form.Item>
      {decision !== 'rejected' && (
        <Form.Item label="许可证（批文）编号" name="permitNumber" rules={[{ required: true, message: '请填写许可证编号' }]}>
          <Input maxLength={100} />
        </Form.Item>
      )}
      {decision === 'approved_with_conditions' && (
        <Form.Item label="附加条件（每行一条）" name="conditions" rules={[{ required: true, message: '请填写附加条件' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      )}
      <Form.Item label={decision === 'rejected' ? '不予许可的理由（每行一条）' : '理由（可选，每行一条）'} name="reasons" rules={decision === 'rejected' ? [{ required: true, message: '不予许可必须说明理由' }] : []}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </>
  );
}
