/** 消息: the key events of the projects the signed-in officer is first-inquiry officer of (首问负责). */
import { useState } from 'react';
import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { $api, POLL_MS, problemText, queryClient, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { DataTable } from '../components/DataTable';
import { tableDateTime } from '../format';

type Notification = Schemas['Notification'];

const KIND: Record<Schemas['NotificationKind'], { label: string; color: string }> = {
  notice: { label: '一次性告知', color: 'orange' },
  reply: { label: '集中回复', color: 'green' },
  red: { label: '红灯', color: 'red' },
  overdue: { label: '超法定时限', color: 'red' },
  handover: { label: '首问移交', color: 'blue' },
};

export function NotificationsPage() {
  const { message } = App.useApp();
  const [cursor, setCursor] = useState<string>();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = $api.useQuery('get', '/api/v1/notifications', { params: { query: { cursor, unread: unreadOnly } } }, { refetchInterval: POLL_MS });
  const mark = $api.useMutation('post', '/api/v1/notifications/read');
  const markRead = async (body: Schemas['MarkNotificationsReadRequest']) => {
    try {
      await mark.mutateAsync({ body });
      await queryClient.invalidateQueries();
    } catch (e) {
      void message.error(problemText(e));
    }
  };
  return (
    <Card>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="page-title">消息（首问负责）</Typography.Title>
        <Space>
          <Button onClick={() => { setCursor(undefined); setUnreadOnly(!unreadOnly); }}>{unreadOnly ? '显示全部' : '只看未读'}</Button>
          <Button type="primary" onClick={() => void markRead({ all: true })} data-testid="notifications-read-all">全部标为已读</Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">您作为首问责任人的项目：一次性告知、集中回复、任务红灯与超期、首问责任人移交。</Typography.Paragraph>
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={unreadOnly ? '没有未读消息' : '暂无消息'}>
        {(d) => (
          <>
            <DataTable<Notification>
              rowKey="id"
              pagination={false}
              dataSource={d.items}
              columns={[
                { title: '时间', width: 140, render: (_, n) => tableDateTime(n.occurredAt) },
                { title: '类别', width: 110, render: (_, n) => <Tag color={KIND[n.kind].color}>{KIND[n.kind].label}</Tag> },
                {
                  title: '项目',
                  width: 220,
                  render: (_, n) => (
                    <Link to={`/projects/${encodeURIComponent(n.projectId)}`} onClick={() => void (n.read ? undefined : markRead({ ids: [n.id] }))}>
                      {n.projectCode} {n.projectName}
                    </Link>
                  ),
                },
                { title: '内容', render: (_, n) => (n.read ? n.message : <Typography.Text strong>{n.message}</Typography.Text>) },
                {
                  title: '',
                  width: 90,
                  render: (_, n) => (n.read ? <Typography.Text type="secondary">已读</Typography.Text> : <Button size="small" onClick={() => void markRead({ ids: [n.id] })}>标为已读</Button>),
                },
              ]}
            />
            <Space style={{ marginTop: 12 }}>
              {cursor && <Button onClick={() => setCursor(undefined)}>回到最新</Button>}
              {d.nextCursor && <Button onClick={() => setCursor(d.nextCursor ?? undefined)}>更早的消息</Button>}
            </Space>
          </>
        )}
      </QueryView>
    </Card>
  );
}
