/** Writes on a filed project: the window's intake materials, supplementary materials and withdrawal (with confirmation); the efficiency office's 绿色通道. */
import { Checkbox, Form, Input, Select, Typography } from 'antd';
import { $api, type Project } from '../api';
import { FormModal } from '../components/FormModal';

interface SupplementValues {
  taskId: string;
  materials: string[];
  note?: string;
}

const noticeItems = (project: Project, taskId: string | undefined) => project.tasks.find((t) => t.id === taskId)?.supplementNotice?.items ?? [];

export function SupplementButton({ project }: { project: Project }) {
  const waiting = project.tasks.filter((t) => t.status === 'supplement_requested' && t.supplementNotice);
  const submit = $api.useMutation('post', '/api/v1/projects/{projectId}/supplements');
  const first = waiting[0]?.id;
  return (
    <FormModal<SupplementValues>
      label={`补正材料${waiting.length > 0 ? `（${waiting.length}）` : ''}`}
      title="提交补正材料"
      okText="提交"
      button={{ type: 'primary', disabled: waiting.length === 0, title: waiting.length === 0 ? '没有待补正的事项' : undefined }}
      initialValues={{ taskId: first, materials: noticeItems(project, first).map((i) => i.material) }}
      // '/materials/0/name' is about the checklist as a whole.
      mapPointer={(p) => (p[0] === 'materials' ? ['materials'] : p)}
      submit={(v) =>
        submit.mutateAsync({
          params: { path: { projectId: project.id } },
          body: { taskId: v.taskId, materials: v.materials.map((name) => ({ name, copies: 1 })), ...(v.note ? { note: v.note } : {}) },
        })
      }
    >
      {(form) => (
        <>
          <Form.Item label="针对事项" name="taskId" rules={[{ required: true, message: '请选择事项' }]}>
            <Select
              options={waiting.map((t) => ({ value: t.id, label: t.itemName }))}
              onChange={(id: string) => form.setFieldValue('materials', noticeItems(project, id).map((i) => i.material))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: SupplementValues, b: SupplementValues) => a.taskId !== b.taskId}>
            {() => (
              <Form.Item label="已收补正材料" name="materials" rules={[{ required: true, type: 'array', min: 1, message: '请至少勾选一项材料' }]}>
                <Checkbox.Group
                  options={noticeItems(project, form.getFieldValue('taskId') as string).map((i) => ({ value: i.material, label: `${i.material}（${i.reason}）` }))}
                  style={{ display: 'flex', flexDirection: 'column' }}
                />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item label="备注" name="note">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function WithdrawButton({ project }: { project: Project }) {
  const withdraw = $api.useMutation('post', '/api/v1/projects/{projectId}/withdrawal');
  return (
    <FormModal<{ reason: string }>
      label="撤回申请"
      title="确认撤回申请"
      okText="确认撤回"
      button={{ danger: true }}
      intro={
        <Typography.Paragraph type="danger">
          撤回后，{project.code} 的全部在办审批事项将被取消，已作出的决定保留，申请人将收到一份“已撤回”的集中回复。此操作不能恢复。
        </Typography.Paragraph>
      }
      submit={(v) => withdraw.mutateAsync({ params: { path: { projectId: project.id } }, body: { reason: v.reason } })}
    >
      {() => (
        <Form.Item label="撤回原因" name="reason" rules={[{ required: true, message: '请填写撤回原因' }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** 补齐受理材料: a project awaiting materials (待补齐材料) is accepted once everything listed is in. */
export function IntakeMaterialsButton({ project }: { project: Project }) {
  const submit = $api.useMutation('post', '/api/v1/projects/{projectId}/supplements');
  const missing = [...new Set(project.missingMaterials.flatMap((m) => m.materials))];
  return (
    <FormModal<{ materials: string[] }>
      label="补齐受理材料"
      title="提交补齐的受理材料"
      okText="提交"
      button={{ type: 'primary' }}
      initialValues={{ materials: missing }}
      mapPointer={(p) => (p[0] === 'materials' ? ['materials'] : p)}
      submit={(v) => submit.mutateAsync({ params: { path: { projectId: project.id } }, body: { materials: v.materials.map((name) => ({ name, copies: 1 })) } })}
    >
      {() => (
        <Form.Item label="已收材料" name="materials" rules={[{ required: true, type: 'array', min: 1, message: '请至少勾选一项材料' }]}>
          <Checkbox.Group options={missing.map((m) => ({ value: m, label: m }))} style={{ display: 'flex', flexDirection: 'column' }} />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** 绿色通道 (efficiency office only, with a reason): queue priority and the shorter green-channel limits for open tasks. */
export function GreenChannelButton({ project }: { project: Project }) {
  const grant = $api.useMutation('post', '/api/v1/projects/{projectId}/green-channel');
  return (
    <FormModal<{ reason: string }>
      label="开通绿色通道"
      title="开通绿色通道"
      okText="确认开通"
      intro={
        <Typography.Paragraph>
          开通后，{project.code} 的全部审批任务在部门队列中优先办理，在办任务的承诺时限改为各事项的绿色通道时限（法定时限不变）。开通记录留档备查。
        </Typography.Paragraph>
      }
      submit={(v) => grant.mutateAsync({ params: { path: { projectId: project.id } }, body: { reason: v.reason } })}
    >
      {() => (
        <Form.Item label="开通理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写开通理由' }]} extra="如：省市重点项目、招商引资重大项目">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      )}
    </FormModal>
  );
}
