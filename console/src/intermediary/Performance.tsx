/** 中介服务绩效 (efficiency office): getIntermediaryPerformance as a table for a date range, and the same figures as CSV. */
import { useState } from 'react';
import { Button, Card, DatePicker, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { $api, POLL_MS, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { DataTable } from '../components/DataTable';
import { dateRangeQuery } from '../format';

type Row = Schemas['IntermediaryPerformance']['items'][number];

/** The operation also answers CSV (format=csv); the page asks for JSON, so a string never arrives here. */
const rowsOf = (d: Schemas['IntermediaryPerformance'] | string): Row[] => (typeof d === 'string' ? [] : d.items);

const rateText = (r: Schemas['Rate']) => (r.value === null ? '—' : `${Math.round(r.value * 1000) / 10}%（${r.numerator}/${r.denominator}）`);

export function IntermediaryPerformancePage() {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = dateRangeQuery(range);
  const perf = $api.useQuery('get', '/api/v1/intermediary-performance', { params: { query } }, { refetchInterval: POLL_MS });
  const csvUrl = `/api/v1/intermediary-performance?${new URLSearchParams({ ...query, format: 'csv' }).toString()}`;
  return (
    <Card>
      <Typography.Title level={4} className="page-title">中介服务绩效（中介机构效能评价）</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <span>委托日期</span>
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} />
        <Button href={csvUrl} download>导出 CSV</Button>
        <Typography.Text type="secondary">按时完成率 = 按时完成 ÷ 已完成；超时含进行中已亮红灯的</Typography.Text>
      </Space>
      <QueryView query={perf} isEmpty={(d) => rowsOf(d).length === 0} empty="中介服务机构目录为空">
        {(d) => (
          <DataTable<Row>
            rowKey="intermediaryId"
            dataSource={rowsOf(d)}
            columns={[
              { title: '中介机构', dataIndex: 'name' },
              { title: '委托次数', dataIndex: 'periods', width: 84, align: 'right' },
              { title: '进行中', dataIndex: 'open', width: 72, align: 'right' },
              { title: '已完成', dataIndex: 'completed', width: 72, align: 'right' },
              { title: '撤回终止', dataIndex: 'cancelled', width: 84, align: 'right' },
              { title: '超时', dataIndex: 'overdue', width: 60, align: 'right', render: (v: number) => (v > 0 ? <span style={{ color: '#cf1322' }}>{v}</span> : v) },
              { title: '按时完成率', width: 130, render: (_, r) => rateText(r.onTime) },
              { title: '平均用时', width: 110, render: (_, r) => (r.averageDays === null ? '—' : `${r.averageDays} 个工作日`) },
              { title: '部门评价', width: 120, render: (_, r) => (r.averageRating === null ? '—' : `${r.averageRating} 分（${r.ratings} 次）`) },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
