/** 统计分析: 按时办结率, 现场办结率, 满意率, 延期率 and excluded periods, per department and by month (all computed by the server from events). */
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, InputNumber, Row, Select, Space, Statistic, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { $api, type Schemas } from '../api';
import { shanghaiDay } from '../format';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { Chart } from './Chart';
import { EXCLUDED_KIND_LABEL } from '../department/StatutoryActions';

type Rate = Schemas['Rate'];
const pct = (r: Rate) => (r.value === null ? null : Math.round(r.value * 1000) / 10);
const pctText = (r: Rate) => (r.value === null ? '—' : `${pct(r)}%`);

function MonthlyChart() {
  const months = useMemo(() => Array.from({ length: 6 }, (_, i) => shanghaiDay().subtract(5 - i, 'month').startOf('month')), []);
  const results = useQueries({
    queries: months.map((m) =>
      $api.queryOptions('get', '/api/v1/statistics', { params: { query: { from: m.format('YYYY-MM-DD'), to: m.endOf('month').format('YYYY-MM-DD') } } }),
    ),
  });
  if (results.some((r) => r.isPending)) return <Typography.Text type="secondary">正在加载月度数据…</Typography.Text>;
  const rows = results.map((r) => r.data?.county);
  const series = (name: string, pick: (f: Schemas['Figures']) => Rate) => ({ name, type: 'line', connectNulls: true, symbolSize: 8, data: rows.map((f) => (f ? pct(pick(f)) : null)) });
  return (
    <Chart
      label="按月效能指标"
      option={{
        tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
        legend: { top: 0 },
        grid: { left: 40, right: 20, top: 36, bottom: 24 },
        xAxis: { type: 'category', data: months.map((m) => m.format('YYYY年M月')), axisLabel: { interval: 0, fontSize: 11 } },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [series('按时办结率', (f) => f.onTimePromised), series('现场办结率', (f) => f.sameDayConclusion), series('满意率', (f) => f.satisfaction)],
      }}
    />
  );
}

export function StatisticsPage() {
  const dept = useDepartmentNames();
  const today = shanghaiDay();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('year'), today]);
  const [year, setYear] = useState(today.year());
  const [quarter, setQuarter] = useState(Math.floor(today.month() / 3) + 1);
  const stats = $api.useQuery('get', '/api/v1/statistics', { params: { query: { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } } });
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} className="page-title">统计分析</Typography.Title>
      <Space wrap>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <span>季度导出：</span>
        <InputNumber min={2000} max={2099} value={year} onChange={(v) => v && setYear(v)} style={{ width: 90 }} />
        <Select value={quarter} onChange={setQuarter} options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第${q}季度` }))} style={{ width: 100 }} />
        <Button href={`/api/v1/statistics/export?year=${year}&quarter=${quarter}&format=csv`} download>导出季度 CSV</Button>
      </Space>
      <QueryView query={stats}>
        {(s) => {
          const ids = Object.keys(s.departments);
          return (
            <>
              <Row gutter={[12, 12]}>
                <Col span={6}><Card size="small"><Statistic title="收件任务" value={s.county.tasksReceived} /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title="按时办结率（承诺时限）" value={pctText(s.county.onTimePromised)} /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title="现场办结率" value={pctText(s.county.sameDayConclusion)} /></Card></Col>
                <Col span={6}><Card size="small"><Statistic title="满意率" value={pctText(s.county.satisfaction)} /></Card></Col>
                <Col span={6}><Card size="small" style={{ height: '100%' }}><Statistic title="按时办结率（法定时限）" value={pctText(s.county.onTimeStatutory)} /></Card></Col>
                <Col span={6}>
                  <Card size="small" style={{ height: '100%' }}>
                    <Statistic title="延期率（批准延期办结）" value={pctText(s.county.extended)} />
                    <Typography.Text type="secondary" data-testid="extended-count">{`办结 ${s.county.extended.denominator} 件，其中延期 ${s.county.extended.numerator} 件`}</Typography.Text>
                  </Card>
                </Col>
                <Col span={12}>
                  <Card size="small" style={{ height: '100%' }}>
                    <Statistic
                      title="法定不计算期间（按类别，次；期间不计入用时）"
                      value={0}
                      valueRender={() => (
                        <Space wrap size={[20, 4]} data-testid="excluded-periods" style={{ fontSize: 16 }}>
                          {(Object.keys(EXCLUDED_KIND_LABEL) as (keyof typeof EXCLUDED_KIND_LABEL)[]).map((k) => (
                            <span key={k}>{EXCLUDED_KIND_LABEL[k]} <b>{s.county.excludedPeriods[k]}</b></span>
                          ))}
                        </Space>
                      )}
                    />
                  </Card>
                </Col>
              </Row>
              <Row gutter={12} style={{ marginTop: 12 }}>
                <Col span={13}>
                  <Card size="small" title="各部门指标">
                    <Chart
                      label="各部门按时办结率、现场办结率、满意率、延期率"
                      option={{
                        tooltip: { trigger: 'axis' },
                        legend: { top: 0 },
                        grid: { left: 40, right: 10, top: 36, bottom: 60 },
                        xAxis: { type: 'category', data: ids.map((id) => dept(id)), axisLabel: { rotate: 30, fontSize: 11 } },
                        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
                        series: [
                          { name: '按时办结率', type: 'bar', data: ids.map((id) => pct(s.departments[id].onTimePromised)) },
                          { name: '现场办结率', type: 'bar', data: ids.map((id) => pct(s.departments[id].sameDayConclusion)) },
                          { name: '满意率', type: 'bar', data: ids.map((id) => pct(s.departments[id].satisfaction)) },
                          { name: '延期率', type: 'bar', data: ids.map((id) => pct(s.departments[id].extended)) },
                        ],
                      }}
                    />
                  </Card>
                </Col>
                <Col span={11}>
                  <Card size="small" title="近六个月（全县）">
                    <MonthlyChart />
                  </Card>
                </Col>
              </Row>
            </>
          );
        }}
      </QueryView>
    </Space>
  );
}
