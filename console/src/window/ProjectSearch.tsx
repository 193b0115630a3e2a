/** Project search by code, applicant name or USCC; the list refreshes by itself. */
import { useState } from 'react';
import { Card, Input, Select, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { $api, POLL_MS, type Schemas } from '../api';
import { projectPath } from '../components/projectRef';
import { LightTag, QueryView } from '../components/common';
import { projectStatusLabel, tableDate } from '../format';
import { projectTypeLabel } from './projectTypes';
import { DataTable } from '../components/DataTable';

type Summary = Schemas['ProjectSummary'];
type Status = Schemas['ProjectStatus'];

export function ProjectTable({ items }: { items: Summary[] }) {
  return (
    <DataTable<Summary>
      rowKey="id"
      dataSource={items}
      columns={[
        { title: '项目代码', dataIndex: 'code', width: 150, render: (code: string, p) => <Link to={projectPath(p)}>{code}</Link> },
        { title: '项目名称', dataIndex: 'name', ellipsis: true },
        { title: '申请单位', dataIndex: 'applicantName', ellipsis: true },
        { title: '类型', dataIndex: 'type', width: 110, render: (t: string) => projectTypeLabel(t) },
        { title: '状态', dataIndex: 'status', width: 110, render: (s: Status) => projectStatusLabel[s] },
        { title: '灯', dataIndex: 'light', width: 70, render: (l: Summary['light']) => <LightTag light={l} /> },
        { title: '事项', width: 110, render: (_, p) => `已办结 ${p.taskCounts.concluded}/${p.taskCounts.total}` },
        { title: '受理日期', dataIndex: 'submittedAt', width: 110, render: (d: string) => tableDate(d) },
      ]}
    />
  );
}

export function ProjectSearchPage() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status[]>([]);
  const projects = $api.useQuery(
    'get',
    '/api/v1/projects',
    { params: { query: { limit: 100, ...(q ? { q } : {}), ...(status.length ? { status } : {}) } } },
    { refetchInterval: POLL_MS },
  );
  return (
    <Card>
      <Typography.Title level={4} className="page-title">项目查询</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          placeholder="项目代码 / 申请单位名称 / 统一社会信用代码"
          allowClear
          enterButton="查询"
          style={{ width: 420 }}
          onSearch={(v) => setQ(v.trim())}
          aria-label="检索项目"
        />
        <Select<Status[]>
          mode="multiple"
          allowClear
          placeholder="按状态过滤"
          style={{ minWidth: 220 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(projectStatusLabel).map(([value, label]) => ({ value: value as Status, label }))}
        />
      </Space>
      <QueryView query={projects} isEmpty={(d) => d.items.length === 0} empty={q ? `没有与“${q}”匹配的项目` : '暂无项目'}>
        {(d) => <ProjectTable items={d.items} />}
      </QueryView>
    </Card>
  );
}
