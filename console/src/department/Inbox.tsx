/**
 * 协同待办: the department's joint meetings (to confirm, upcoming, attended) and 会签 awaiting its
 * signature across all projects. Confirming and signing happen on the department's task page, where
 * the meeting and the 会签 show with the project's context; each row links there.
 */
import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { $api, POLL_MS, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { DataTable } from '../components/DataTable';
import { meetingKindLabel, signatureStatusLabel } from '../coordination/labels';
import { tableDate, tableDateTime } from '../format';
import { useOfficer } from '../session';

type Inbox = Schemas['CoordinationInbox'];

const project = (r: { projectCode: string; projectName: string; taskId: string | null }) => (
  <span>
    {r.taskId ? <Link to={`/tasks/${encodeURIComponent(r.taskId)}`}>{r.projectCode}</Link> : r.projectCode}
    <br />
    {r.projectName}
  </span>
);

function meetingState(m: Inbox['meetings'][number]) {
  if (m.meetingStatus === 'minuted') return <Tag>已参会，已形成纪要</Tag>;
  return m.confirmedAt ? <Tag color="blue">已确认参会（{tableDateTime(m.confirmedAt)}）</Tag> : <Tag color="orange">待确认参会</Tag>;
}

export function CoordinationInboxPage() {
  const officer = useOfficer();
  const dept = useDepartmentNames();
  const inbox = $api.useQuery('get', '/api/v1/coordination-inbox', {}, { refetchInterval: POLL_MS });
  return (
    <Card>
      <Typography.Title level={4} className="page-title">
        协同待办 · {officer.departmentName ?? officer.departmentId}
      </Typography.Title>
      <QueryView query={inbox} isEmpty={() => false}>
        {(d) => (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Text data-testid="inbox-counts">
              待确认参会 {d.counts.meetingsToConfirm} 次 · 已确认待召开 {d.counts.meetingsUpcoming} 次 · 待签署会签 {d.counts.countersignsToSign} 件
            </Typography.Text>
            <Typography.Title level={5}>会签（等待本部门签署）</Typography.Title>
            <div data-testid="inbox-countersigns">
              <DataTable<Inbox['countersigns'][number]>
                rowKey="countersignId"
                dataSource={d.countersigns}
                locale={{ emptyText: '没有等待本部门签署的会签' }}
                columns={[
                  { title: '项目（到任务页签署）', width: 230, render: (_, c) => project(c) },
                  { title: '会签事项', dataIndex: 'title' },
                  { title: '牵头部门', width: 140, render: (_, c) => dept(c.leadDepartmentId) },
                  { title: '签署期限', width: 110, render: (_, c) => <span style={{ color: c.countersignStatus === 'overdue' ? '#cf1322' : undefined }}>{tableDate(c.dueDate)}{c.countersignStatus === 'overdue' ? '（已逾期）' : ''}</span> },
                  { title: '本部门', width: 150, render: (_, c) => (c.signatureStatus === 'declined' ? `${signatureStatusLabel.declined}（${c.declines} 次），待再签` : signatureStatusLabel.pending) },
                ]}
              />
            </div>
            <Typography.Title level={5}>联席会议（会商、会审）</Typography.Title>
            <div data-testid="inbox-meetings">
              <DataTable<Inbox['meetings'][number]>
                rowKey="meetingId"
                dataSource={d.meetings}
                locale={{ emptyText: '没有邀请本部门的联席会议' }}
                columns={[
                  { title: '项目（到任务页确认）', width: 230, render: (_, m) => project(m) },
                  { title: '形式', width: 80, render: (_, m) => meetingKindLabel[m.kind] },
                  { title: '议题', dataIndex: 'agenda', ellipsis: true },
                  { title: '会议日期', width: 110, render: (_, m) => tableDate(m.meetingDate) },
                  { title: '状态', width: 230, render: (_, m) => meetingState(m) },
                  { title: '本部门承诺', width: 200, ellipsis: true, render: (_, m) => m.commitment ?? '—' },
                ]}
              />
            </div>
          </Space>
        )}
      </QueryView>
    </Card>
  );
}
