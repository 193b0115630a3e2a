/** One meeting commitment, read through the 督办 order that tracks it: light in words, due date, and the answer that fulfils it. */
import { Space, Tag, Typography } from 'antd';
import { $api, POLL_MS } from '../api';
import { LightTag } from '../components/common';
import { RespondOrderButton } from '../department/Supervision';
import { commitmentLight } from './labels';

export function CommitmentStatus({ taskId, orderId, canRespond }: { taskId: string; orderId: string; canRespond: boolean }) {
  // Same query as the task's 督办 card: one request serves both.
  const orders = $api.useQuery('get', '/api/v1/tasks/{taskId}/supervision-orders', { params: { path: { taskId } } }, { refetchInterval: POLL_MS });
  const order = orders.data?.items.find((o) => o.id === orderId);
  if (!order) return <Typography.Text type="secondary">{orderId}</Typography.Text>;
  const { light, text } = commitmentLight(order);
  return (
    <Space size={4} wrap data-testid={`commitment-${orderId}`}>
      {light ? <LightTag light={light} /> : <Tag color="success">已履行</Tag>}
      <span>{text}</span>
      {canRespond && order.status !== 'completed' && <RespondOrderButton order={order} label="履行承诺（答复）" />}
      {order.response && <Typography.Text type="secondary">答复：{order.response.text}</Typography.Text>}
    </Space>
  );
}
