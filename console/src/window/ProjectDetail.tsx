/** One project: tasks with lights and limits, materials, timeline; the window's supplements, withdrawal and prints. */
import { Button, Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { $api, isProblem, POLL_MS, type Project, type Task } from '../api';
import { Forbidden, LightTag, QueryView, Remaining } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { ProjectTimeline } from '../components/Timeline';
import { decisionLabel, projectStatusLabel, tableDate, tableDateTime, taskStatusLabel } from '../format';
import { TrackingPanel } from '../agent/Tracking';
import { useOfficer } from '../session';
import { GreenChannelButton, IntakeMaterialsButton, SupplementButton, WithdrawButton } from './ProjectActions';
import { CoordinationSection } from '../coordination/Panel';
import { projectTypeLabel } from './projectTypes';
import { DataTable } from '../components/DataTable';
import { IntermediaryCard } from '../intermediary/TaskPeriods';
import { projectRef, useCanonicalProjectUrl } from '../components/projectRef';
import { HandoverButton } from '../first-inquiry/Handover';
import { firstInquiryText } from '../first-inquiry/text';

/** Critical-path forecast (getProject's `forecast`): promised and statutory reply dates, moved by every conclusion or pause. */
function forecastText(p: Project): string {
  const f = p.forecast;
  if (!f) return '—（已撤回）';
  const promised = f.promised.replyDueDate ?? '—';
  const statutory = f.statutory.replyDueDate ?? '—';
  const provisional = f.promised.provisional || f.statutory.provisional ? '（含预估放假安排，可能调整）' : '';
  return `按承诺时限 ${promised}，按法定时限 ${statutory}${provisional}；关键路径 ${f.promised.criticalPath.join(' → ') || '—'}`;
}

const printLink = (path: string, label: string) => (
  <Button href={`/console/print/${path}`} target="_blank">
    {label}
  </Button>
);

/** A concluded task has no light: its clock stopped. */
const CONCLUDED: Task['status'][] = ['decided', 'not_started', 'cancelled'];

export function TaskTable({ tasks }: { tasks: Task[] }) {
  const dept = useDepartmentNames();
  return (
    <DataTable<Task>
      rowKey="id"
      pagination={false}
      dataSource={tasks}
      columns={[
        { title: '审批事项', render: (_, t) => <Link to={`/tasks/${encodeURIComponent(t.id)}`}>{t.itemName}</Link> },
        { title: '部门', width: 150, render: (_, t) => dept(t.departmentId) },
        { title: '状态', width: 130, render: (_, t) => <span data-testid={`task-status-${t.itemId}`}>{taskStatusLabel[t.status]}</span> },
        { title: '灯', width: 66, render: (_, t) => (CONCLUDED.includes(t.status) ? '—' : <LightTag light={t.light} />) },
        { title: '剩余时间', width: 150, render: (_, t) => (t.clock.state === 'running' ? <Remaining days={t.clock.workingDaysRemaining} /> : t.clock.state === 'suspended' ? '暂停计时' : '—') },
        { title: '承诺到期', width: 100, render: (_, t) => tableDate(t.clock.promisedDueDate) },
        { title: '法定到期', width: 100, render: (_, t) => tableDate(t.clock.statutoryDueDate) },
        { title: '决定', width: 100, render: (_, t) => (t.decision ? decisionLabel[t.decision.decision] : '—') },
      ]}
    />
  );
}

function Summary({ p }: { p: Project }) {
  return (
    <Descriptions size="small" bordered column={3}>
      <Descriptions.Item label="项目代码">
        <span>{p.code}</span>
        {p.nationalProjectCode && <div data-testid="national-code">全国投资项目代码 {p.nationalProjectCode}</div>}
      </Descriptions.Item>
      <Descriptions.Item label="状态">
        <Space>
          {projectStatusLabel[p.status]}
          {(p.status === 'submitted' || p.status === 'in_review') && <LightTag light={p.light} />}
          {p.greenChannel && <Tag color="green">绿色通道</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label="受理时间">{tableDateTime(p.submittedAt)}</Descriptions.Item>
      <Descriptions.Item label="申请单位">{p.applicant.name}</Descriptions.Item>
      <Descriptions.Item label="统一社会信用代码">{p.applicant.uscc}</Descriptions.Item>
      <Descriptions.Item label="联系人">{`${p.applicant.contact.name} ${p.applicant.contact.phone}`}</Descriptions.Item>
      <Descriptions.Item label="项目类型">{projectTypeLabel(p.type)}</Descriptions.Item>
      <Descriptions.Item label="总投资">{`${p.investmentWan} 万元`}</Descriptions.Item>
      <Descriptions.Item label="建设地点">{p.location}</Descriptions.Item>
      <Descriptions.Item label="首问责任人"><span data-testid="project-first-inquiry">{firstInquiryText(p)}</span></Descriptions.Item>
      <Descriptions.Item label="代办专员">{p.agentId ?? '未指派'}</Descriptions.Item>
      <Descriptions.Item label="集中回复">{p.repliedAt ? tableDateTime(p.repliedAt) : '尚未回复'}</Descriptions.Item>
      <Descriptions.Item label="预计办结日期" span={2}>
        {forecastText(p)}
      </Descriptions.Item>
    </Descriptions>
  );
}

export function ProjectDetailPage() {
  const { projectId = '' } = useParams();
  const officer = useOfficer();
  const project = $api.useQuery('get', '/api/v1/projects/{projectId}', { params: { path: { projectId } } }, { refetchInterval: POLL_MS, retry: false });
  useCanonicalProjectUrl(projectId, project.data);
  // Another service point's (or another agent's) project answers 404, as if it did not exist: to the officer that is 无权访问.
  if (project.isError && isProblem(project.error) && project.error.status === 404) {
    return <Forbidden detail="该项目不存在，或不属于您的服务网点或代办范围，您无权查看。" />;
  }
  return (
    <QueryView query={project}>
      {(p) => {
        const open = p.status === 'submitted' || p.status === 'in_review' || p.status === 'awaiting_materials';
        const notices = p.tasks.filter((t) => t.supplementNotice);
        const replied = p.status === 'replied' || p.status === 'tracking' || p.status === 'closed' || p.status === 'withdrawn';
        return (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
              <Typography.Title level={4} className="page-title" style={{ margin: 0 }}>
                {p.name}
              </Typography.Title>
              <Space wrap>
                {p.status === 'awaiting_materials'
                  ? printLink(`intake-notice/${encodeURIComponent(projectRef(p))}`, '打印一次性告知书（受理材料）')
                  : printLink(`receipt/${encodeURIComponent(projectRef(p))}`, '打印受理回执')}
                {replied && printLink(`reply/${encodeURIComponent(projectRef(p))}`, '打印集中回复')}
                {officer.role === 'window' && open && <SupplementButton project={p} />}
                {officer.role === 'window' && open && <WithdrawButton project={p} />}
                {officer.role === 'supervisor' && open && !p.greenChannel && <GreenChannelButton project={p} />}
                {(officer.role === 'supervisor' || officer.role === 'admin') && <HandoverButton project={p} />}
              </Space>
            </Space>
            <Summary p={p} />
            {p.status === 'awaiting_materials' && (
              <Card size="small" title="申请材料不齐，尚未受理（一次性告知）">
                <List
                  size="small"
                  dataSource={p.missingMaterials}
                  renderItem={(m) => (
                    <List.Item>
                      {m.itemName}：{m.materials.join('、')}
                    </List.Item>
                  )}
                />
                {(officer.role === 'window' || officer.role === 'agent') && <IntakeMaterialsButton project={p} />}
              </Card>
            )}
            <Card size="small" title={`审批事项（${p.tasks.length}）`}>
              <TaskTable tasks={p.tasks} />
            </Card>
            {notices.length > 0 && (
              <Card size="small" title="一次性告知">
                <List
                  size="small"
                  dataSource={notices}
                  renderItem={(t) => (
                    <List.Item actions={[printLink(`notice/${encodeURIComponent(t.id)}`, '打印一次性告知书')]}>
                      {t.itemName}：{t.supplementNotice!.items.map((i) => i.material).join('、')}
                      {t.supplementNotice!.fulfilledAt ? <Tag color="green" style={{ marginLeft: 8 }}>已补正</Tag> : <Tag color="orange" style={{ marginLeft: 8 }}>待补正</Tag>}
                    </List.Item>
                  )}
                />
              </Card>
            )}
            {p.tasks
              .filter((t) => t.clock.suspensions.some((s) => s.kind === 'intermediary_service'))
              .map((t) => <IntermediaryCard key={t.id} task={t} />)}
            <CoordinationSection projectId={p.id} viewer={officer} />
            {officer.role === 'agent' && <TrackingPanel project={p} />}
            <Row gutter={12}>
              <Col span={10}>
                <Card size="small" title={`已收材料（${p.materials.length}）`}>
                  <List size="small" dataSource={p.materials} renderItem={(m) => <List.Item extra={<Typography.Text type="secondary">{tableDate(m.submittedAt)}</Typography.Text>}><span>{m.name}{m.taskId ? <Tag style={{ marginLeft: 8 }}>补正</Tag> : null}</span></List.Item>} />
                </Card>
              </Col>
              <Col span={14}>
                <Card size="small" title="办理时间线">
                  <ProjectTimeline projectId={p.id} />
                </Card>
              </Col>
            </Row>
          </Space>
        );
      }}
    </QueryView>
  );
}
