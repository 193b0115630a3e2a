/** The window's writes on a filed project: supplementary materials and withdrawal (with confirmation). */
import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import { $api, queryClient, type Project } from '../api';
import { applyProblem, FormError } from '../components/common';

export function SupplementButton({ project }: { project: Project }) {
  const { message } = App.useApp();
  const waiting = project.tasks.filter((t) => t.status === 'supplement_requested' && t.supplementNotice);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<{ taskId: string; materials: string[]; note?: string }>();
  const taskId = Form.useWatch('taskId', form);
  const notice = waiting.find((t) => t.id === taskId)?.supplementNotice;
  const submit = $api.useMutation('post', '/api/v1/projects/{projectId}/supplements');

  const onOk = async () => {
    const v = await form.validateFields();
    setError(undefined);
    try {
      await submit.mutateAsync({
        params: { path: { projectId: project.id } },
        body: { taskId: v.taskId, materials: v.materials.map((name) => ({ name, copies: 1 })), ...(v.note ? { note: v.note } : {}) },
      });
      void message.success('补正材料已提交，该事项恢复计时');
      setOpen(false);
      form.resetFields();
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(applyProblem(form, e, (p) => (p[0] === 'materials' ? ['materials'] : p)));
    }
  };

  return (
    <>
      <Button type="primary" disabled={waiting.length === 0} onClick={() => setOpen(true)} title={waiting.length === 0 ? '没有待补正的事项' : undefined}>
        补正材料{waiting.length > 0 ? `（${waiting.length}）` : ''}
      </Button>
      <Modal title="提交补正材料" open={open} onOk={() => void onOk()} okText="提交" confirmLoading={submit.isPending} onCancel={() => setOpen(false)} destroyOnHidden>
        <FormError message={error} />
        <Form form={form} layout="vertical" initialValues={{ taskId: waiting[0]?.id, materials: waiting[0]?.supplementNotice?.items.map((i) => i.material) ?? [] }}>
          <Form.Item label="针对事项" name="taskId" rules={[{ required: true, message: '请选择事项' }]}>
            <Select
              options={waiting.map((t) => ({ value: t.id, label: t.itemName }))}
              onChange={(id: string) => form.setFieldValue('materials', waiting.find((t) => t.id === id)?.supplementNotice?.items.map((i) => i.material) ?? [])}
            />
          </Form.Item>
          <Form.Item label="已收补正材料" name="materials" rules={[{ required: true, type: 'array', min: 1, message: '请至少勾选一项材料' }]}>
            <Checkbox.Group options={(notice?.items ?? []).map((i) => ({ value: i.material, label: `${i.material}（${i.reason}）` }))} style={{ display: 'flex', flexDirection: 'column' }} />
          </Form.Item>
          <Form.Item label="备注" name="note">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function WithdrawButton({ project }: { project: Project }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<{ reason: string }>();
  const withdraw = $api.useMutation('post', '/api/v1/projects/{projectId}/withdrawal');

  const onOk = async () => {
    const v = await form.validateFields();
    setError(undefined);
    try {
      await withdraw.mutateAsync({ params: { path: { projectId: project.id } }, body: { reason: v.reason } });
      void message.success('项目已撤回，在办事项已全部取消');
      setOpen(false);
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(applyProblem(form, e));
    }
  };

  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        撤回申请
      </Button>
      <Modal title="确认撤回申请" open={open} onOk={() => void onOk()} okText="确认撤回" okButtonProps={{ danger: true }} confirmLoading={withdraw.isPending} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="danger">
          撤回后，{project.code} 的全部在办审批事项将被取消，已作出的决定保留，申请人将收到一份“已撤回”的集中回复。此操作不能恢复。
        </Typography.Paragraph>
        <FormError message={error} />
        <Form form={form} layout="vertical">
          <Form.Item label="撤回原因" name="reason" rules={[{ required: true, message: '请填写撤回原因' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
