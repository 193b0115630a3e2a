/**
 * The coordination section of a project or task page: joint meetings and 会签. Who may convene,
 * record minutes and start a 会签 comes from listProjectParticipants (a department cannot read
 * the project itself): the efficiency office, or the department that leads the project.
 */
import { Card, List, Space, Typography } from 'antd';
import { $api, POLL_MS } from '../api';
import { useDepartmentNames } from '../components/catalogue';
import { CommitmentStatus } from './Commitment';
import { CountersignList, StartCountersignButton } from './Countersigns';
import { meetingKindLabel } from './labels';
import { MeetingList, ScheduleMeetingButton } from './Meetings';
import { isDepartment, type Viewer } from './viewer';

export function CoordinationSection({ projectId, viewer }: { projectId: string; viewer: Viewer }) {
  const dept = useDepartmentNames();
  const participants = $api.useQuery('get', '/api/v1/projects/{projectId}/participants', { params: { path: { projectId } } }, { refetchInterval: POLL_MS });
  const p = participants.data;
  const leads = isDepartment(viewer.role) && !!p && p.leadDepartmentId === viewer.departmentId;
  const chair = viewer.role === 'supervisor' || leads;
  const open = p?.status === 'in_review';
  const invitees = (p?.departments ?? []).filter((d) => d.openTasks > 0).map((d) => d.departmentId);
  const candidates = (p?.departments ?? []).map((d) => d.departmentId).filter((d) => d !== p?.leadDepartmentId);
  return (
    <>
      <Card
        size="small"
        title={
          <Space>
            联席会议（会商、会审）
            {p?.leadDepartmentId && <Typography.Text type="secondary">牵头部门：{dept(p.leadDepartmentId)}</Typography.Text>}
          </Space>
        }
        extra={chair && open && <ScheduleMeetingButton projectId={projectId} invitees={invitees} />}
      >
        <MeetingList projectId={projectId} viewer={viewer} chair={chair} />
      </Card>
      <Card size="small" title="会签" extra={leads && open && <StartCountersignButton projectId={projectId} candidates={candidates} />}>
        <CountersignList projectId={projectId} viewer={viewer} />
      </Card>
    </>
  );
}

/** A department's commitments from meeting minutes on this project, with their lights: what it promised and by when. */
export function OwnCommitments({ projectId, departmentId }: { projectId: string; departmentId: string }) {
  const meetings = $api.useQuery('get', '/api/v1/projects/{projectId}/joint-meetings', { params: { path: { projectId } } }, { refetchInterval: POLL_MS });
  const rows = (meetings.data?.items ?? []).flatMap((m) =>
    m.invitees.filter((i) => i.departmentId === departmentId && i.supervisionOrderId && i.commitment).map((i) => ({ meeting: m, invitee: i })),
  );
  if (rows.length === 0) return null;
  return (
    <Card size="small" title="本部门会议承诺" style={{ marginBottom: 12 }}>
      <List
        size="small"
        dataSource={rows}
        renderItem={({ meeting, invitee }) => (
          <List.Item>
            <div>
              <div>
                <Typography.Text strong>{invitee.commitment}</Typography.Text>
                <Typography.Text type="secondary">（{meetingKindLabel[meeting.kind]} {meeting.id}，{meeting.meetingDate}）</Typography.Text>
              </div>
              <CommitmentStatus taskId={invitee.taskId} orderId={invitee.supervisionOrderId!} canRespond />
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
