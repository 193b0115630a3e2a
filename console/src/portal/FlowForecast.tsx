/**
 * 办事流程引导图 + 预计办结日期: choose a project type, land use, investment and submission date →
 * the items that apply as a graph, and the date the consolidated reply is due if every department
 * uses its full limit (promised, statutory, green channel), with the critical path in red.
 * The choice lives in the address (?type=…), so a result can be shared or bookmarked.
 */
import { useState } from 'react';
import { Alert, Card, Col, DatePicker, Form, InputNumber, Row, Segmented, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { $public, type Schemas } from './api';
import { shanghaiDay } from '../format';
import { FlowGraph } from './FlowGraph';
import { FormSubmit } from './FormSubmit';
import { BASIS_LABEL, limitText, monthDay, shortDate, type PlanBasis } from './shared';

interface Choice {
  type: string;
  investmentWan: number;
  landUse?: 'new_land' | 'existing_land';
  submittedOn?: string;
}

function choiceFrom(params: URLSearchParams): Choice | null {
  const type = params.get('type');
  const investmentWan = Number(params.get('investmentWan'));
  if (!type || !(investmentWan > 0)) return null;
  const landUse = params.get('landUse');
  return {
    type,
    investmentWan,
    ...(landUse === 'new_land' || landUse === 'existing_land' ? { landUse } : {}),
    ...(params.get('submittedOn') ? { submittedOn: params.get('submittedOn')! } : {}),
  };
}

export function FlowPage() {
  const [params, setParams] = useSearchParams();
  const choice = choiceFrom(params);
  const guide = $public.useQuery('get', '/api/v1/public/guide');
  const forecast = $public.useQuery('get', '/api/v1/public/forecast', { params: { query: choice! } }, { enabled: choice !== null });
  const [form] = Form.useForm();
  const submit = (v: { type: string; investmentWan: number; landUse?: string; submittedOn?: dayjs.Dayjs }) => {
    const next = new URLSearchParams({ type: v.type, investmentWan: String(v.investmentWan) });
    if (v.landUse) next.set('landUse', v.landUse);
    if (v.submittedOn) next.set('submittedOn', v.submittedOn.format('YYYY-MM-DD'));
    setParams(next);
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        办事流程引导图与预计办结日期
      </Typography.Title>
      <Card size="small">
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ type: choice?.type, investmentWan: choice?.investmentWan, landUse: choice?.landUse ?? '', submittedOn: choice?.submittedOn ? dayjs(choice.submittedOn) : shanghaiDay() }}
        >
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="type" label="项目类型" rules={[{ required: true, message: '请选择项目类型' }]}>
                <Select
                  placeholder="请选择"
                  loading={guide.isPending}
                  options={(guide.data?.projectTypes ?? []).map((t) => ({ value: t.id, label: t.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="landUse" label="用地情况">
                <Select
                  options={[
                    { value: '', label: '尚不确定（列出全部可能事项）' },
                    { value: 'new_land', label: '新增建设用地' },
                    { value: 'existing_land', label: '自有或已取得土地使用权' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="investmentWan" label="总投资（万元）" rules={[{ required: true, message: '请填写总投资' }]}>
                <InputNumber min={0.01} max={100000000} style={{ width: '100%' }} placeholder="如 1200" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="submittedOn" label="受理日期">
                <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly />
              </Form.Item>
            </Col>
            <Col xs={24} md={3}>
              <FormSubmit label="生成流程图" />
            </Col>
          </Row>
        </Form>
      </Card>
      {choice === null && <Alert type="info" showIcon message="选择项目类型并填写总投资，即可看到需要办理的事项、哪些并联办理、哪些需要等待，以及预计办结日期。" />}
      {choice && forecast.isPending && <Spin tip="正在推算…"><div style={{ height: 80 }} /></Spin>}
      {choice && forecast.isError && <Alert type="error" showIcon message="无法推算" description={problemDetail(forecast.error)} />}
      {forecast.data && <ForecastResult data={forecast.data} />}
    </Space>
  );
}

function problemDetail(e: unknown): string {
  const p = e as { detail?: string; title?: string; errors?: { message: string }[] } | null;
  return p?.errors?.[0]?.message ?? p?.detail ?? p?.title ?? '请稍后重试';
}

function ForecastResult({ data }: { data: Schemas['PublicForecast'] }) {
  const [basis, setBasis] = useState<PlanBasis>('promised');
  const run = data[basis];
  const names = new Map(data.flow.items.map((i) => [i.id, i]));
  return (
    <>
      <Row gutter={[8, 8]}>
        {(['promised', 'statutory', 'greenChannel'] as const).map((b) => (
          <Col xs={24} md={8} key={b}>
            <Card size="small" data-testid={`reply-due-${b}`}>
              <Statistic
                title={`按${BASIS_LABEL[b]}，集中回复最迟`}
                value={shortDate(data[b].replyDueDate)}
                valueStyle={{ color: b === basis ? '#b71c1c' : undefined, fontSize: 20 }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {shortDate(data.submittedOn)}受理，假设每个部门都用足时限：起算日不计，按工作日历（节假日顺延、调休上班日计入）推算；
        有前置事项的，在最后一个前置事项办结之日推送并起算。{run.provisional && '涉及尚未公布放假安排的年份，日期可能调整。'}
      </Typography.Paragraph>
      <Card
        size="small"
        title="办事流程引导图"
        extra={
          <Segmented
            size="small"
            value={basis}
            onChange={(v) => setBasis(v as PlanBasis)}
            options={(['promised', 'statutory', 'greenChannel'] as const).map((b) => ({ value: b, label: BASIS_LABEL[b] }))}
          />
        }
      >
        <FlowGraph flow={data.flow} run={run} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          红色为关键路径（决定办结日期的事项链）：{run.criticalPath.map((id) => names.get(id)?.name ?? id).join(' → ') || '—'}
        </Typography.Text>
      </Card>
      <Table
        size="small"
        rowKey="itemId"
        pagination={false}
        scroll={{ x: 480 }}
        dataSource={run.items}
        columns={[
          {
            title: '事项',
            dataIndex: 'itemId',
            render: (id: string, r) => (
              <span>
                {names.get(id)?.name ?? id} {r.critical && <Tag color="red">关键路径</Tag>}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {names.get(id)?.departmentName}
                </Typography.Text>
              </span>
            ),
          },
          { title: BASIS_LABEL[basis], dataIndex: 'days', width: 96, render: (d: number, r) => limitText(d, r.unit) },
          { title: '推送起算', dataIndex: 'startDate', width: 84, render: monthDay },
          { title: '最迟办结', dataIndex: 'dueDate', width: 84, render: monthDay },
        ]}
      />
    </>
  );
}
