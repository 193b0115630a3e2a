/** 部门审批队列: the department's tasks with lights and remaining working days; filters; refreshes by itself. */
import { useState } from 'react';
import { Card, DatePicker, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { $api, POLL_MS, type Schemas, type Task } from '../api';
import { LightTag, QueryView, Remaining } from '../components/common';
import { lightLabel, tableDate, taskStatusLabel } from '../format';
import { useOfficer } from '../session';
import { DataTable } from '../components/DataTable';

type Status = Schemas['TaskStatus'];
type Light = Schemas['Light'];
const OPEN: Status[] = ['received', 'supplement_requested', 'accepted'];

export function TaskQueuePage() {
  const officer = useOfficer();
  const [status, setStatus] = useState<Status[]>(OPEN);
  const [light, setLight] = useState<Light[]>([]);
  const [dueBefore, setDueBefore] = useState<Dayjs | null>(null);
  const tasks = $api.useQuery(
    'get',
    '/api/v1/tasks',
    {
      params: {
        query: {
          limit: 100,
          ...(status.length ? { status } : {}),
          ...(light.length ? { light } : {}),
          ...(dueBefore ? { dueBefore: dueBefore.format('YYYY-MM-DD') } : {}),
        },
      },
    },
    { refetchInterval: POLL_MS },
  );
  return (
    <Card>
      <Typography.Title level={4} className="page-title">
        审批队列 · {officer.departmentName ?? officer.departmentId}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<Status[]> mode="multiple" allowClear placeholder="任务状态" style={{ minWidth: 300 }} value={status} onChange={setStatus}
          options={Object.entries(taskStatusLabel).map(([value, label]) => ({ value: value as Status, label }))} aria-label="按状态过滤" />
        <Select<Light[]> mode="multiple" allowClear placeholder="红黄绿灯" style={{ minWidth: 180 }} value={light} onChange={setLight}
          options={(['red', 'yellow', 'green'] as Light[]).map((value) => ({ value, label: lightLabel[value] }))} aria-label="按灯过滤" />
        <DatePicker placeholder="承诺到期不晚于" value={dueBefore} onChange={setDueBefore} />
      </Space>
      <QueryView query={tasks} isEmpty={(d) => d.items.length === 0} empty="没有符合条件的审批任务">
        {(d) => (
          <DataTable<Task>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '灯', width: 66, render: (_, t) => <LightTag light={t.light} /> },
              { title: '项目', render: (_, t) => (<span><Link to={`/tasks/${encodeURIComponent(t.id)}`}>{t.projectCode}</Link><br />{t.projectName}</span>) },
              { title: '审批事项', dataIndex: 'itemName', ellipsis: true },
              { title: '状态', width: 140, render: (_, t) => (<Space size={4} wrap>{taskStatusLabel[t.status]}{t.greenChannel && <Tag color="green">绿色通道</Tag>}</Space>) },
              { title: '剩余时间', width: 150, render: (_, t) => (t.clock.state === 'suspended' ? '暂停计时' : <Remaining days={t.clock.workingDaysRemaining} />) },
              { title: '承诺到期', width: 100, render: (_, t) => tableDate(t.clock.promisedDueDate) },
              { title: '法定到期', width: 100, render: (_, t) => tableDate(t.clock.statutoryDueDate) },
              { title: '收件日期', width: 100, render: (_, t) => tableDate(t.receivedAt) },
              { title: '代理人', width: 90, render: (_, t) => t.assignee?.delegateName ?? '—' },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
