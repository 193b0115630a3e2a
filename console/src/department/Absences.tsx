/**
 * 请假与代理 (职位代理 AB 角): a department officer declares leave or training with a B 角 of the
 * department, sees their own and the department's absences and comes back early (提前返岗/撤销);
 * the department head may do it for any officer of the department and sees 人员缺位提醒. The
 * efficiency office sees the county's staffing alerts and absences on its own page.
 */
import { Card, DatePicker, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { $api, POLL_MS, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { DataTable } from '../components/DataTable';
import { FormModal } from '../components/FormModal';
import { absenceKindLabel } from '../coordination/labels';
import { shanghaiDay, tableDate, tableDateTime } from '../format';
import { useOfficer, type Officer } from '../session';

type Absence = Schemas['OfficerAbsence'];
type Alert = Schemas['StaffingAlert'];

const absenceStatus: Record<Absence['status'], { label: string; color: string }> = {
  declared: { label: '已登记', color: 'blue' },
  shortened: { label: '已提前返岗', color: 'gold' },
  cancelled: { label: '已撤销', color: 'default' },
};

const isoDate = (d: Dayjs) => d.format('YYYY-MM-DD');

function DeclareAbsenceButton({ officer }: { officer: Officer }) {
  const declare = $api.useMutation('post', '/api/v1/officers/{officerId}/absences');
  const colleagues = $api.useQuery('get', '/api/v1/departments/{departmentId}/officers', { params: { path: { departmentId: officer.departmentId ?? '' } } }, { enabled: !!officer.departmentId });
  const people = colleagues.data?.items ?? [];
  const head = officer.role === 'department_head';
  return (
    <FormModal<{ officerId?: string; kind: Absence['kind']; from: Dayjs; to: Dayjs; deputyOfficerId: string; reason: string }>
      label="登记请假或培训"
      title="登记请假或培训（职位代理 AB 角）"
      button={{ type: 'primary' }}
      initialValues={{ officerId: officer.id, kind: 'leave', from: shanghaiDay(), to: shanghaiDay() }}
      intro={<Typography.Paragraph type="secondary">自第一天起本部门在办和新收的任务自动转由 B 角办理，最后一天 24:00 回到本部门；B 角须为本部门在岗人员。</Typography.Paragraph>}
      submit={({ officerId, from, to, ...rest }) => declare.mutateAsync({ params: { path: { officerId: officerId ?? officer.id } }, body: { ...rest, from: isoDate(from), to: isoDate(to) } })}
    >
      {(form) => (
        <>
          {head && (
            <Form.Item label="请假或培训人员（A 角）" name="officerId" rules={[{ required: true }]}>
              <Select options={people.map((p) => ({ value: p.id, label: p.id === officer.id ? `${p.name}（本人）` : p.name }))} />
            </Form.Item>
          )}
          <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={Object.entries(absenceKindLabel).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Space size="large">
            <Form.Item label="开始日期" name="from" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(shanghaiDay())} />
            </Form.Item>
            <Form.Item label="结束日期（含当天）" name="to" rules={[{ required: true, message: '请选择结束日期' }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(shanghaiDay())} />
            </Form.Item>
          </Space>
          <Form.Item noStyle shouldUpdate={(a, b) => a.officerId !== b.officerId}>
            {() => (
              <Form.Item label="代理人（B 角）" name="deputyOfficerId" rules={[{ required: true, message: '请选择本部门的 B 角' }]}>
                <Select
                 
                  placeholder="本部门在岗人员"
                  loading={colleagues.isLoading}
                  options={people.filter((p) => p.id !== form.getFieldValue('officerId')).map((p) => ({ value: p.id, label: `${p.name}${p.role === 'department_head' ? '（部门负责人）' : ''}` }))}
                />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item label="事由" name="reason" rules={[{ required: true, message: '请填写事由' }]}>
            <Input maxLength={500} placeholder="如：年休假、省厅业务培训" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

function ComeBackEarlyButton({ absence }: { absence: Absence }) {
  const shorten = $api.useMutation('post', '/api/v1/officer-absences/{absenceId}/shorten');
  const started = !dayjs(absence.from).isAfter(shanghaiDay());
  return (
    <FormModal<{ backOn: Dayjs; reason?: string }>
      label={started ? '提前返岗' : '撤销'}
      title={`${absence.officerName}${absenceKindLabel[absence.kind]}：提前返岗或撤销`}
      button={{ size: 'small' }}
      initialValues={{ backOn: shanghaiDay() }}
      intro={
        <Typography.Paragraph type="secondary">
          原定 {tableDate(absence.from)} 至 {tableDate(absence.to)}。返岗日期不晚于开始日期的整个撤销；返岗日为今天的，已转给 B 角的任务立即回到本部门。
        </Typography.Paragraph>
      }
      submit={(v) => shorten.mutateAsync({ params: { path: { absenceId: absence.id } }, body: { backOn: isoDate(v.backOn), ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) } })}
    >
      {() => (
        <>
          <Form.Item label="返岗日期" name="backOn" rules={[{ required: true, message: '请选择返岗日期' }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(shanghaiDay()) || d.isAfter(dayjs(absence.to))} />
          </Form.Item>
          <Form.Item label="说明" name="reason">
            <Input maxLength={500} placeholder="如：培训提前结束" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

function AbsenceTable({ items, mayChange }: { items: Absence[]; mayChange: (a: Absence) => boolean }) {
  const dept = useDepartmentNames();
  return (
    <DataTable<Absence>
      rowKey="id"
      dataSource={items}
      columns={[
        { title: '编号', dataIndex: 'id', width: 140 },
        { title: '部门', width: 130, render: (_, a) => dept(a.departmentId) },
        { title: 'A 角', dataIndex: 'officerName', width: 90 },
        { title: '类型', width: 60, render: (_, a) => absenceKindLabel[a.kind] },
        { title: '日期', width: 200, render: (_, a) => `${tableDate(a.from)} 至 ${tableDate(a.to)}${a.declaredTo && a.declaredTo !== a.to ? `（原至 ${tableDate(a.declaredTo)}）` : ''}` },
        { title: 'B 角（代理人）', dataIndex: 'deputyName', width: 110 },
        { title: '事由', dataIndex: 'reason', ellipsis: true },
        { title: '状态', width: 110, render: (_, a) => <Tag color={absenceStatus[a.status].color}>{absenceStatus[a.status].label}</Tag> },
        { title: '操作', width: 100, render: (_, a) => (a.status !== 'cancelled' && mayChange(a) ? <ComeBackEarlyButton absence={a} /> : null) },
      ]}
    />
  );
}

/** 人员缺位提醒: tasks left with a department because the A 角 and every B 角 are away. */
export function StaffingAlerts({ linkProjects }: { linkProjects: boolean }) {
  const dept = useDepartmentNames();
  const alerts = $api.useQuery('get', '/api/v1/staffing-alerts', {}, { refetchInterval: POLL_MS });
  return (
    <QueryView query={alerts} isEmpty={(d) => d.items.length === 0} empty="没有人员缺位的在办任务">
      {(d) => (
        <div data-testid="staffing-alerts">
        <DataTable<Alert>
          rowKey="eventId"
          dataSource={d.items}
          columns={[
            { title: '部门', width: 130, render: (_, a) => dept(a.departmentId) },
            { title: '任务', width: 230, render: (_, a) => <Link to={`/tasks/${encodeURIComponent(a.taskId)}`}>{a.taskId}</Link> },
            { title: '项目', width: 170, render: (_, a) => (linkProjects ? <Link to={`/projects/${encodeURIComponent(a.projectId)}`}>{a.projectId}</Link> : a.projectId) },
            { title: '不在岗', width: 120, render: (_, a) => `${a.officerName}（至 ${tableDate(a.until)}）` },
            { title: '提醒', dataIndex: 'message' },
            { title: '时间', width: 140, render: (_, a) => tableDateTime(a.occurredAt) },
          ]}
        />
        </div>
      )}
    </QueryView>
  );
}

export function AbsencesPage() {
  const officer = useOfficer();
  const head = officer.role === 'department_head';
  const absences = $api.useQuery('get', '/api/v1/officer-absences', {}, { refetchInterval: POLL_MS });
  const mine = (a: Absence) => a.officerId === officer.id || a.deputyOfficerId === officer.id;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} className="page-title">
          请假与代理 · {officer.departmentName ?? officer.departmentId}
        </Typography.Title>
        <Space style={{ marginBottom: 12 }}>
          <DeclareAbsenceButton officer={officer} />
        </Space>
        <QueryView query={absences} isEmpty={() => false}>
          {(d) => (
            <>
              <Typography.Title level={5}>我的请假与代理（本人请假，或本人为 B 角）</Typography.Title>
              <div data-testid="my-absences"><AbsenceTable items={d.items.filter(mine)} mayChange={(a) => head || a.officerId === officer.id} /></div>
              <Typography.Title level={5} style={{ marginTop: 16 }}>本部门请假与培训</Typography.Title>
              <div data-testid="department-absences"><AbsenceTable items={d.items} mayChange={(a) => head || a.officerId === officer.id} /></div>
            </>
          )}
        </QueryView>
      </Card>
      {head && (
        <Card title="人员缺位提醒（A 角与 B 角均不在岗，请安排办理）">
          <StaffingAlerts linkProjects={false} />
        </Card>
      )}
    </Space>
  );
}

/** The efficiency office: every department's staffing alerts and running absences. */
export function StaffingPage() {
  const absences = $api.useQuery('get', '/api/v1/officer-absences', {}, { refetchInterval: POLL_MS });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} className="page-title">人员缺位提醒</Typography.Title>
        <StaffingAlerts linkProjects />
      </Card>
      <Card title="各部门请假与培训（职位代理 AB 角）">
        <QueryView query={absences} isEmpty={(d) => d.items.length === 0} empty="没有尚未结束的请假或培训">
          {(d) => <AbsenceTable items={d.items} mayChange={() => false} />}
        </QueryView>
      </Card>
    </Space>
  );
}
