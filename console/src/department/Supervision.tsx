/** 督办 orders on a task: the efficiency office issues them, the department answers within the limit. */
import type { ReactNode } from 'react';
import { Form, Input, InputNumber, List, Space, Tag, Typography } from 'antd';
import { $api, POLL_MS, type Schemas, type Task } from '../api';
import { QueryView } from '../components/common';
import { FormModal } from '../components/FormModal';
import { tableDate, tableDateTime } from '../format';
import type { Role } from '../session';

type Order = Schemas['SupervisionOrder'];
const statusTag: Record<Order['status'], ReactNode> = {
  open: <Tag color="processing">督办中</Tag>,
  overdue: <Tag color="error">逾期未答复</Tag>,
  completed: <Tag color="success">已答复</Tag>,
};

export function SupervisionOrders({ task, role }: { task: Task; role: Role }) {
  const orders = $api.useQuery('get', '/api/v1/tasks/{taskId}/supervision-orders', { params: { path: { taskId: task.id } } }, { refetchInterval: POLL_MS });
  const create = $api.useMutation('post', '/api/v1/tasks/{taskId}/supervision-orders');
  const isDept = role === 'department' || role === 'department_head';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {(role === 'supervisor' || role === 'admin') && (
        <FormModal<Schemas['SupervisionOrderRequest']>
          label="发起督办"
          title="发起督办"
          initialValues={{ workingDays: 3 }}
          submit={(body) => create.mutateAsync({ params: { path: { taskId: task.id } }, body })}
        >
          {() => (
            <>
              <Form.Item label="督办意见" name="directive" rules={[{ required: true, message: '请填写督办意见' }]}>
                <Input.TextArea rows={4} maxLength={2000} />
              </Form.Item>
              <Form.Item label="答复时限（工作日）" name="workingDays" rules={[{ required: true, message: '请填写答复时限' }]}>
                <InputNumber min={1} max={60} />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
      <QueryView query={orders} isEmpty={(d) => d.items.length === 0} empty="暂无督办">
        {(d) => (
          <List
            size="small"
            dataSource={d.items}
            renderItem={(o) => (
              <List.Item
                actions={isDept && o.status !== 'completed' ? [<RespondOrderButton key="r" order={o} />] : []}
              >
                <div>
                  <Space>{statusTag[o.status]}<Typography.Text strong>{o.id}</Typography.Text><span>答复期限 {tableDate(o.dueDate)}</span></Space>
                  <div>{o.directive}</div>
                  {o.response && <Typography.Text type="secondary">答复（{tableDateTime(o.response.respondedAt)}）：{o.response.text}</Typography.Text>}
                </div>
              </List.Item>
            )}
          />
        )}
      </QueryView>
    </Space>
  );
}

/** The department's answer to a 督办 order (also how a meeting commitment is fulfilled). */
export function RespondOrderButton({ order, label = '答复督办' }: { order: Order; label?: string }) {
  const respond = $api.useMutation('post', '/api/v1/tasks/{taskId}/supervision-orders/{orderId}/response');
  return (
    <FormModal<Schemas['SupervisionOrderResponseRequest']>
      label={label}
      title={label}
      submit={(body) => respond.mutateAsync({ params: { path: { taskId: order.taskId, orderId: order.id } }, body })}
    >
      {() => (
        <Form.Item label="答复内容" name="response" rules={[{ required: true, message: '请填写答复内容' }]}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      )}
    </FormModal>
  );
}
