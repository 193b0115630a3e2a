/**
 * 联席会议 / 会商 / 会审 on a project: the efficiency office or the lead department convenes one
 * (invitees = departments with open tasks, chosen by the server), invited departments confirm,
 * the chair records minutes with one commitment per department, each tracked as a 督办 order.
 */
import { useRef } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { $api, POLL_MS, problemText, queryClient } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { FormModal } from '../components/FormModal';
import { shanghaiDay, tableDate, tableDateTime } from '../format';
import { CommitmentStatus } from './Commitment';
import { DueDatePreview } from './DueDate';
import { meetingKindLabel, meetingStatusLabel, meetingTriggerLabel, type Meeting } from './labels';
import type { Viewer } from './viewer';

type Invitee = Meeting['invitees'][number];

export function ScheduleMeetingButton({ projectId, invitees }: { projectId: string; invitees: string[] }) {
  const dept = useDepartmentNames();
  const schedule = $api.useMutation('post', '/api/v1/projects/{projectId}/joint-meetings');
  return (
    <FormModal<{ kind: Meeting['kind']; agenda: string; meetingDate: Dayjs }>
      label="召集联席会议"
      title="召集联席会议（会商、会审）"
      button={{ disabled: invitees.length === 0, title: invitees.length === 0 ? '项目没有在办任务' : undefined }}
      initialValues={{ kind: 'joint_meeting', meetingDate: shanghaiDay().add(3, 'day') }}
      intro={<Typography.Paragraph>将邀请有在办任务的部门：{invitees.map((d) => dept(d)).join('、')}。各部门收到通知后确认参会。</Typography.Paragraph>}
      submit={(v) => schedule.mutateAsync({ params: { path: { projectId } }, body: { kind: v.kind, agenda: v.agenda, meetingDate: v.meetingDate.format('YYYY-MM-DD') } })}
    >
      {() => (
        <>
          <Form.Item label="会议形式" name="kind" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={Object.entries(meetingKindLabel).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="议题" name="agenda" rules={[{ required: true, message: '请填写议题' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item label="会议日期" name="meetingDate" rules={[{ required: true, message: '请选择会议日期' }]}>
            <DatePicker disabledDate={(d) => d.isBefore(shanghaiDay())} allowClear={false} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

interface MinutesValues {
  minutes: string;
  /** One row per invitee, in the meeting's order (the department is the row's, not a field). */
  commitments: { commitment?: string; workingDays: number }[];
}

function MinutesButton({ meeting }: { meeting: Meeting }) {
  const dept = useDepartmentNames();
  const record = $api.useMutation('post', '/api/v1/joint-meetings/{meetingId}/minutes');
  // Rows left blank are not sent: the server's /commitments/<i> is the i-th row sent, mapped back to its form row.
  const sentRows = useRef<number[]>([]);
  return (
    <FormModal<MinutesValues>
      label="记录会议纪要"
      title={`记录会议纪要（${meetingKindLabel[meeting.kind]}）`}
      button={{ type: 'primary' }}
      width={820}
      okText="保存纪要"
      initialValues={{ commitments: meeting.invitees.map(() => ({ workingDays: 3 })) }}
      intro={<Typography.Paragraph type="secondary">每个部门一条承诺及时限（工作日），保存后作为督办跟踪（催办、逾期记责任追究）；不作承诺的部门留空。</Typography.Paragraph>}
      mapPointer={(p) => (p[0] === 'commitments' && typeof p[1] === 'number' ? ['commitments', sentRows.current[p[1]] ?? p[1], ...p.slice(2)] : p)}
      submit={(v) => {
        sentRows.current = v.commitments.flatMap((c, i) => (c.commitment?.trim() ? [i] : []));
        const commitments = sentRows.current.map((i) => ({ departmentId: meeting.invitees[i].departmentId, commitment: v.commitments[i].commitment!.trim(), workingDays: v.commitments[i].workingDays }));
        return record.mutateAsync({ params: { path: { meetingId: meeting.id } }, body: { minutes: v.minutes, commitments } });
      }}
    >
      {(form) => (
        <>
          <Form.Item label="会议纪要" name="minutes" rules={[{ required: true, message: '请填写会议纪要' }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.List
            name="commitments"
            rules={[{ validator: async (_, rows: MinutesValues['commitments']) => { if (!rows.some((r) => r.commitment?.trim())) throw new Error('请至少填写一个部门的承诺'); } }]}
          >
            {(fields, _ops, { errors }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <div style={{ width: 130, paddingTop: 5 }}>{dept(meeting.invitees[f.name]?.departmentId)}</div>
                    <Form.Item name={[f.name, 'commitment']} style={{ width: 380, marginBottom: 8 }}>
                      <Input
                        placeholder="承诺事项"
                        maxLength={2000}
                        aria-label={`${dept(meeting.invitees[f.name]?.departmentId)}承诺事项`}
                        // The "at least one commitment" message goes away as soon as one is typed.
                        onChange={() => void form.validateFields([['commitments']]).catch(() => undefined)}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'workingDays']} style={{ marginBottom: 8 }} rules={[{ required: true, message: '请填写时限' }]}>
                      <InputNumber min={1} max={60} addonAfter="个工作日" style={{ width: 140 }} aria-label={`${dept(meeting.invitees[f.name]?.departmentId)}承诺时限`} />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {(form) => <div style={{ paddingTop: 5 }} data-testid={`due-${meeting.invitees[f.name]?.departmentId}`}><DueDatePreview workingDays={form.getFieldValue(['commitments', f.name, 'workingDays']) as number} /></div>}
                    </Form.Item>
                  </Space>
                ))}
                {errors.length > 0 && (
                  <Typography.Text type="danger" role="alert">
                    {errors}
                  </Typography.Text>
                )}
              </>
            )}
          </Form.List>
        </>
      )}
    </FormModal>
  );
}

function ConfirmButton({ meeting }: { meeting: Meeting }) {
  const { message } = App.useApp();
  const confirm = $api.useMutation('post', '/api/v1/joint-meetings/{meetingId}/confirmation', {
    onSuccess: () => queryClient.invalidateQueries(),
    onError: (e) => void message.error(problemText(e)),
  });
  return (
    <Button type="primary" loading={confirm.isPending} onClick={() => confirm.mutate({ params: { path: { meetingId: meeting.id } } })}>
      确认参会
    </Button>
  );
}

function InviteeTable({ meeting, viewer }: { meeting: Meeting; viewer: Viewer }) {
  const dept = useDepartmentNames();
  const own = (i: Invitee) => viewer.departmentId === i.departmentId;
  // 督办 orders are readable by the efficiency office, admins and the department that owns the task.
  const readsOrder = (i: Invitee) => viewer.role === 'supervisor' || viewer.role === 'admin' || own(i);
  return (
    <Table<Invitee>
      size="small"
      rowKey="departmentId"
      pagination={false}
      dataSource={meeting.invitees}
      columns={[
        { title: '受邀部门', width: 140, render: (_, i) => dept(i.departmentId) },
        { title: '在办任务', width: 190, render: (_, i) => (viewer.role === 'supervisor' || viewer.role === 'admin' || own(i) ? <Link to={`/tasks/${encodeURIComponent(i.taskId)}`}>{i.taskId}</Link> : i.taskId) },
        { title: '参会确认', width: 150, render: (_, i) => (i.confirmedAt ? <Tag color="success">已确认 {tableDate(i.confirmedAt)}</Tag> : <Tag>待确认</Tag>) },
        { title: '承诺事项', render: (_, i) => i.commitment ?? '—' },
        {
          title: '承诺办理情况',
          width: 330,
          render: (_, i) =>
            i.supervisionOrderId ? (readsOrder(i) ? <CommitmentStatus taskId={i.taskId} orderId={i.supervisionOrderId} canRespond={own(i)} /> : `已转督办跟踪（${i.supervisionOrderId}）`) : '—',
        },
      ]}
    />
  );
}

export function MeetingCard({ meeting, viewer, chair }: { meeting: Meeting; viewer: Viewer; chair: boolean }) {
  const mine = meeting.invitees.find((i) => i.departmentId === viewer.departmentId);
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`meeting-${meeting.id}`}
      title={
        <Space>
          <Tag color="blue">{meetingKindLabel[meeting.kind]}</Tag>
          <span>{meeting.id}</span>
          <Tag color={meeting.status === 'minuted' ? 'success' : 'processing'}>{meetingStatusLabel[meeting.status]}</Tag>
        </Space>
      }
      extra={
        <Space>
          {mine && !mine.confirmedAt && <ConfirmButton meeting={meeting} />}
          {chair && meeting.status === 'scheduled' && <MinutesButton meeting={meeting} />}
        </Space>
      }
      style={{ marginBottom: 8 }}
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="会议日期">{meeting.meetingDate}</Descriptions.Item>
        <Descriptions.Item label="召集">{meeting.convenedBy}（{tableDateTime(meeting.convenedAt)}）</Descriptions.Item>
        <Descriptions.Item label="召集方式">{meetingTriggerLabel[meeting.trigger]}</Descriptions.Item>
        <Descriptions.Item label="议题" span={3}>
          {meeting.agenda}
          {meeting.triggerDetail ? `（${meeting.triggerDetail}）` : ''}
        </Descriptions.Item>
        {meeting.minutes && (
          <Descriptions.Item label="会议纪要" span={3}>
            {meeting.minutes}（{tableDateTime(meeting.minutedAt)}）
          </Descriptions.Item>
        )}
      </Descriptions>
      <InviteeTable meeting={meeting} viewer={viewer} />
    </Card>
  );
}

/** Every meeting of the project the viewer may see (departments: the ones they are invited to or lead). */
export function MeetingList({ projectId, viewer, chair }: { projectId: string; viewer: Viewer; chair: boolean }) {
  const meetings = $api.useQuery('get', '/api/v1/projects/{projectId}/joint-meetings', { params: { path: { projectId } } }, { refetchInterval: POLL_MS });
  return (
    <QueryView query={meetings} isEmpty={(d) => d.items.length === 0} empty="暂无联席会议" compact>
      {(d) => d.items.map((m) => <MeetingCard key={m.id} meeting={m} viewer={viewer} chair={chair} />)}
    </QueryView>
  );
}
