/** One approval task: clock, notice, decision, actions, 督办, and what happened on it. */
import { Button, Card, Col, Collapse, Descriptions, Row, Space, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { $api, isProblem, POLL_MS, type Task } from '../api';
import { projectPath, taskProject } from '../components/projectRef';
import { Forbidden, LightTag, QueryView, Remaining } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { ProjectTimeline } from '../components/Timeline';
import { absenceKindLabel } from '../coordination/labels';
import { decisionLabel, tableDate, tableDateTime, taskStatusLabel } from '../format';
import { useOfficer, type Role } from '../session';
import { eventLabel } from './events';
import { SupervisionOrders } from './Supervision';
import { TaskActions } from './TaskActions';
import { StatutoryActions, StatutoryCard } from './StatutoryActions';
import { CoordinationSection, OwnCommitments } from '../coordination/Panel';
import { IntermediaryActions, IntermediaryCard } from '../intermediary/TaskPeriods';

const DEPT: Role[] = ['department', 'department_head'];

/** A department cannot read project timelines; it sees its own events of the project from the event feed. */
function DepartmentEvents({ task }: { task: Task }) {
  const q = $api.useQuery('get', '/api/v1/events', { params: { query: { projectId: task.projectId, limit: 500 } } }, { refetchInterval: POLL_MS });
  return (
    <QueryView query={q} isEmpty={(d) => d.events.filter((e) => e.taskId === task.id).length === 0} empty="暂无办理记录">
      {(d) => (
        <Timeline
          items={d.events
            .filter((e) => e.taskId === task.id)
            .map((e) => ({
              key: e.id,
              children: (
                <div>
                  <Typography.Text strong>{eventLabel(e.type)}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {tableDateTime(e.occurredAt)} · 经办人：{!e.actor || e.actor.role === 'system' ? '系统' : (e.actor.name ?? e.actor.id)}
                  </Typography.Text>
                </div>
              ),
            }))}
        />
      )}
    </QueryView>
  );
}

function pausedText(c: Task['clock']): string {
  const open = c.suspensions.find((s) => s.kind && s.to === null);
  if (!open) return '补正期间暂停计时';
  return open.kind === 'intermediary_service' ? '中介服务期间暂停计时' : '法定不计算期间暂停计时';
}

function TaskView({ t }: { t: Task }) {
  const officer = useOfficer();
  const dept = useDepartmentNames();
  const isDept = DEPT.includes(officer.role);
  const c = t.clock;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} className="page-title" style={{ margin: 0 }}>
          {t.itemName}
        </Typography.Title>
        <Space wrap>
          {t.supplementNotice && (
            <Button href={`/console/print/notice/${encodeURIComponent(t.id)}`} target="_blank">
              打印一次性告知书
            </Button>
          )}
          {isDept && <TaskActions task={t} />}
          <StatutoryActions task={t} role={officer.role} />
          {isDept && officer.departmentId === t.departmentId && <IntermediaryActions task={t} />}
        </Space>
      </Space>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="项目">
          {officer.role === 'department' || officer.role === 'department_head' ? t.projectCode : <Link to={projectPath(taskProject(t))}>{t.projectCode}</Link>}
          {' '}{t.projectName}
        </Descriptions.Item>
        <Descriptions.Item label="部门">{dept(t.departmentId)}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Space>
            <span data-testid="task-status">{taskStatusLabel[t.status]}</span>
            <LightTag light={t.light} />
            {t.greenChannel && <Tag color="green">绿色通道</Tag>}
            {t.deemedAccepted && <Tag color="orange">视为受理</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="收件时间">{tableDateTime(t.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="受理时间">{tableDateTime(t.acceptedAt)}</Descriptions.Item>
        <Descriptions.Item label="剩余时间">{c.state === 'suspended' ? <span data-testid="task-clock">{pausedText(c)}</span> : c.state === 'running' ? <Remaining days={c.workingDaysRemaining} /> : '—'}</Descriptions.Item>
        <Descriptions.Item label="承诺到期日">{tableDate(c.promisedDueDate)}{c.provisional ? '（预估）' : ''}</Descriptions.Item>
        <Descriptions.Item label="法定到期日">{tableDate(c.statutoryDueDate)}</Descriptions.Item>
        <Descriptions.Item label="已用工作日">{c.workingDaysUsed}</Descriptions.Item>
        {t.assignee && (
          <Descriptions.Item label="职位代理" span={3}>
            {t.assignee.absence
              ? `${t.assignee.delegateName}（B 角）代理${t.assignee.absence.officerName}（${absenceKindLabel[t.assignee.absence.kind]}）至 ${tableDate(t.assignee.until)} 24:00，期满回到本部门`
              : `${t.assignee.delegateName}（${t.assignee.delegateId}）代理至 ${tableDate(t.assignee.until)}，原因：${t.assignee.reason}`}
          </Descriptions.Item>
        )}
      </Descriptions>
      {c.explanation.length > 0 && (
        <Collapse size="small" items={[{ key: 'e', label: '时限推算说明', children: <ol style={{ margin: 0 }}>{c.explanation.map((l, i) => <li key={i}>{l}</li>)}</ol> }]} />
      )}
      <Row gutter={12}>
        <Col span={12}>
          <StatutoryCard task={t} />
          <IntermediaryCard task={t} />
          {t.supplementNotice && (
            <Card size="small" title="一次性告知" style={{ marginBottom: 12 }}>
              <ul style={{ margin: 0 }}>{t.supplementNotice.items.map((i) => <li key={i.material}>{i.material}：{i.reason}</li>)}</ul>
              <Typography.Text type="secondary">
                {tableDateTime(t.supplementNotice.issuedAt)} 发出 · {t.supplementNotice.fulfilledAt ? `${tableDateTime(t.supplementNotice.fulfilledAt)} 已补正` : '等待补正'}
              </Typography.Text>
            </Card>
          )}
          {t.decision && (
            <Card size="small" title="审批决定" style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="决定">{decisionLabel[t.decision.decision]}</Descriptions.Item>
                {t.decision.permitNumber && <Descriptions.Item label="许可证编号">{t.decision.permitNumber}</Descriptions.Item>}
                {t.decision.conditions.length > 0 && <Descriptions.Item label="附加条件">{t.decision.conditions.join('；')}</Descriptions.Item>}
                {t.decision.reasons.length > 0 && <Descriptions.Item label="理由">{t.decision.reasons.join('；')}</Descriptions.Item>}
                <Descriptions.Item label="决定时间">{tableDateTime(t.decision.decidedAt)}（{t.decision.decidedBy}）</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {isDept && officer.departmentId === t.departmentId && <OwnCommitments projectId={t.projectId} departmentId={t.departmentId} />}
          {(isDept || officer.role === 'supervisor' || officer.role === 'admin') && (
            <Card size="small" title="督办">
              <SupervisionOrders task={t} role={officer.role} />
            </Card>
          )}
        </Col>
        <Col span={12}>
          <Card size="small" title="办理记录">{isDept ? <DepartmentEvents task={t} /> : <ProjectTimeline projectId={t.projectId} taskId={t.id} />}</Card>
        </Col>
      </Row>
      {(isDept || officer.role === 'supervisor' || officer.role === 'admin') && <CoordinationSection projectId={t.projectId} viewer={officer} />}
    </Space>
  );
}

export function TaskDetailPage() {
  const { taskId = '' } = useParams();
  const officer = useOfficer();
  const task = $api.useQuery('get', '/api/v1/tasks/{taskId}', { params: { path: { taskId } } }, { refetchInterval: POLL_MS, retry: false });
  // The gateway answers 404 for another department's task (it does not confirm it exists); to the officer that is 无权访问.
  if (task.isError && isProblem(task.error) && (task.error.status === 404 || task.error.status === 403)) {
    return <Forbidden detail={`该审批任务不存在，或不属于${officer.departmentName ?? '您的部门'}，您无权查看或办理。`} />;
  }
  return <QueryView query={task}>{(t) => <TaskView t={t} />}</QueryView>;
}
