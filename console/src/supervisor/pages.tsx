/** 效能办: the status board (refreshes by itself), the red and overdue queue, accountability records with CSV export. */
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { $api, POLL_MS, type Schemas } from '../api';
import { projectPath } from '../components/projectRef';
import { LightTag, QueryView } from '../components/common';
import { dateRangeQuery, projectStatusLabel, tableDate, tableDateTime } from '../format';
import { projectTypeLabel } from '../window/projectTypes';
import { DataTable } from '../components/DataTable';

type Summary = Schemas['ProjectSummary'];

export function BoardPage() {
  const projects = $api.useQuery('get', '/api/v1/projects', { params: { query: { status: ['submitted', 'in_review'], limit: 100 } } }, { refetchInterval: POLL_MS });
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} className="page-title">在审项目状态看板</Typography.Title>
      <QueryView query={projects} isEmpty={(d) => d.items.length === 0} empty="目前没有在审项目">
        {(d) => {
          const count = (l: Schemas['Light']) => d.items.filter((p) => p.light === l).length;
          return (
            <>
              <Row gutter={12}>
                <Col span={6}><Card size="small"><Statistic title="在审项目" value={d.items.length} /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title="绿灯" value={count('green')} valueStyle={{ color: '#389e0d' }} suffix="项" /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title="黄灯" value={count('yellow')} valueStyle={{ color: '#d48806' }} suffix="项" /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title="红灯" value={count('red')} valueStyle={{ color: '#cf1322' }} suffix="项" /></Card></Col>
              </Row>
              <Card size="small">
                <DataTable<Summary>
                  rowKey="id"
                  dataSource={d.items}
                  columns={[
                    { title: '灯', width: 66, render: (_, p) => <LightTag light={p.light} /> },
                    { title: '项目代码', width: 150, render: (_, p) => <Link to={projectPath(p)}>{p.code}</Link> },
                    { title: '项目名称', dataIndex: 'name', ellipsis: true },
                    { title: '申请单位', dataIndex: 'applicantName', ellipsis: true },
                    { title: '类型', width: 110, render: (_, p) => projectTypeLabel(p.type) },
                    { title: '状态', width: 100, render: (_, p) => projectStatusLabel[p.status] },
                    { title: '事项进度', width: 150, render: (_, p) => (<Space size={4}>{`${p.taskCounts.concluded}/${p.taskCounts.total} 已办结`}{p.taskCounts.red > 0 && <Tag color="error">红灯 {p.taskCounts.red}</Tag>}</Space>) },
                    { title: '受理日期', width: 100, render: (_, p) => tableDate(p.submittedAt) },
                  ]}
                />
              </Card>
              <Typography.Text type="secondary">每 {POLL_MS / 1000} 秒自动刷新 · 最近刷新 {tableDateTime(new Date(projects.dataUpdatedAt).toISOString())}</Typography.Text>
            </>
          );
        }}
      </QueryView>
    </Space>
  );
}

const kindLabel = { task: '红灯任务', complaint: '逾期投诉', supervision_order: '逾期督办' } as const;

export function RedQueuePage() {
  const queue = $api.useQuery('get', '/api/v1/supervision/queue', {}, { refetchInterval: POLL_MS });
  return (
    <Card>
      <Typography.Title level={4} className="page-title">红灯与超期队列</Typography.Title>
      <QueryView query={queue} isEmpty={(d) => d.items.length === 0} empty="没有红灯任务、逾期投诉或逾期督办">
        {(d) => (
          <DataTable<Schemas['SupervisionQueueItem']>
            rowKey={(i) => `${i.kind}:${i.id}`}
            dataSource={d.items}
            columns={[
              { title: '类别', width: 100, render: (_, i) => <Tag color="error">{kindLabel[i.kind]}</Tag> },
              { title: '事项', render: (_, i) => (i.taskId ? <Link to={`/tasks/${encodeURIComponent(i.taskId)}`}>{i.title}</Link> : i.title) },
              { title: '部门', dataIndex: 'departmentName', width: 150 },
              { title: '项目', render: (_, i) => i.projectName ?? '—', ellipsis: true },
              { title: '到期日', width: 100, render: (_, i) => tableDate(i.dueDate) },
              { title: '超期', width: 130, render: (_, i) => (i.daysOver > 0 ? <span style={{ color: '#cf1322' }}>已超期 {i.daysOver} 个工作日</span> : '红灯（未超法定）') },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

export function AccountabilityPage() {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = dateRangeQuery(range);
  const records = $api.useQuery('get', '/api/v1/accountability-records', { params: { query } }, { refetchInterval: POLL_MS });
  const exportUrl = `/api/v1/accountability-records/export?${new URLSearchParams(query).toString()}`;
  return (
    <Card>
      <Typography.Title level={4} className="page-title">责任追究记录</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} />
        <Button href={exportUrl} download>导出 CSV</Button>
      </Space>
      <QueryView query={records} isEmpty={(d) => d.items.length === 0} empty="该期间没有责任追究记录">
        {(d) => (
          <DataTable<Schemas['AccountabilityRecord']>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '类型', dataIndex: 'kindLabel', width: 150 },
              { title: '部门', dataIndex: 'departmentName', width: 150 },
              { title: '说明', dataIndex: 'detail', ellipsis: true },
              { title: '到期日', width: 100, render: (_, r) => tableDate(r.dueDate) },
              { title: '超期', width: 110, render: (_, r) => `${r.daysOver} 个工作日${r.settled ? '' : '（未办结）'}` },
              { title: '记录时间', width: 140, render: (_, r) => tableDateTime(r.occurredAt) },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
