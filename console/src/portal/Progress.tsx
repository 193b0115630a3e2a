/**
 * 办理进度查询: project code + the applicant's USCC → status, each item's state, light and dates, the
 * forecast reply date, and the consolidated reply once issued (printable). Nothing personal is shown.
 */
import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Row, Space, Tag, Typography } from 'antd';
import { $public, type Schemas } from './api';
import { decisionLabel, lightColor, lightLabel, outcomeLabel, projectStatusLabel, taskStatusLabel } from '../format';
import { FormSubmit } from './FormSubmit';
import { shortDate } from './shared';

/** Either code on the receipt: the centre's XM-… or the 全国投资项目代码 (the lookup accepts both). */
const CODE = /^(XM-\d{4}-\d{6}|\d{4}-\d{6}-\d{2}-\d{2}-\d{6})$/;
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function ProgressPage() {
  const lookup = $public.useMutation('post', '/api/v1/public/progress-lookups');
  const submit = (v: { code: string; uscc: string }) => lookup.mutate({ body: { code: v.code.trim().toUpperCase(), uscc: v.uscc.trim().toUpperCase() } });
  const error = lookup.error as { status?: number; detail?: string } | null;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }} className="no-print">
        办理进度查询
      </Typography.Title>
      <Card size="small" className="no-print">
        <Form layout="vertical" onFinish={submit}>
          <Row gutter={12}>
            <Col xs={24} md={9}>
              <Form.Item
                name="code"
                label="项目代码或全国投资项目代码（见受理回执）"
                normalize={(v: string) => v.toUpperCase()}
                rules={[{ required: true, pattern: CODE, message: '项目代码形如 XM-2026-000123，全国投资项目代码形如 2026-510921-44-03-000123' }]}
              >
                <Input placeholder="XM-2026-000123" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="uscc"
                label="申请单位统一社会信用代码"
                normalize={(v: string) => v.toUpperCase()}
                rules={[{ required: true, pattern: USCC, message: '统一社会信用代码为 18 位数字或大写字母' }]}
              >
                <Input placeholder="18 位代码" autoComplete="off" maxLength={18} />
              </Form.Item>
            </Col>
            <Col xs={24} md={5}>
              <FormSubmit label="查询" loading={lookup.isPending} />
            </Col>
          </Row>
        </Form>
      </Card>
      {error && (
        <Alert
          type={error.status === 429 ? 'warning' : 'error'}
          showIcon
          message={error.status === 429 ? '查询过于频繁，请稍后再试' : (error.detail ?? '查询失败，请稍后重试')}
        />
      )}
      {lookup.data && <ProgressResult p={lookup.data} />}
    </Space>
  );
}

function Light({ light }: { light: Schemas['Light'] }) {
  return (
    <Tag color={lightColor[light]} data-light={light}>
      {lightLabel[light]}
    </Tag>
  );
}

function ProgressResult({ p }: { p: Schemas['PublicProgress'] }) {
  return (
    <>
      <Card size="small" title={p.name} extra={<Light light={p.light} />} className="no-print" data-testid="progress-result">
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered labelStyle={{ whiteSpace: 'nowrap' }}>
          <Descriptions.Item label="项目代码">{p.code}</Descriptions.Item>
          <Descriptions.Item label="申请单位">{p.applicantName}</Descriptions.Item>
          <Descriptions.Item label="办理状态">{projectStatusLabel[p.status]}</Descriptions.Item>
          <Descriptions.Item label="受理日期">{shortDate(p.submittedOn)}</Descriptions.Item>
          <Descriptions.Item label="预计办结日期">
            <span data-testid="progress-forecast">
              {p.repliedOn
                ? `已于${shortDate(p.repliedOn)}集中回复`
                : p.forecast
                  ? `最迟 ${shortDate(p.forecast.promisedReplyDueDate)}（承诺时限）；法定时限 ${shortDate(p.forecast.statutoryReplyDueDate)}`
                  : '—'}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <List
        className="no-print"
        header={<b>各审批事项</b>}
        bordered
        style={{ background: '#fff' }}
        dataSource={p.items}
        renderItem={(i) => (
          <List.Item data-testid={`progress-item-${i.itemId}`}>
            <div style={{ width: '100%' }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <b>{i.itemName}</b>
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Tag>{taskStatusLabel[i.status]}</Tag>
                  {['received', 'accepted', 'supplement_requested'].includes(i.status) && <Light light={i.light} />}
                </span>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {i.departmentName}
                {i.receivedOn && ` · ${shortDate(i.receivedOn)}收件`}
                {i.decidedOn
                  ? ` · ${shortDate(i.decidedOn)}${i.decision ? decisionLabel[i.decision] : '办结'}${i.permitNumber ? `（${i.permitNumber}）` : ''}`
                  : i.promisedDueDate && ` · 承诺${shortDate(i.promisedDueDate)}前办结`}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      {p.reply && <Reply code={p.code} name={p.name} reply={p.reply} />}
    </>
  );
}

function Reply({ code, name, reply }: { code: string; name: string; reply: Schemas['PublicReply'] }) {
  return (
    <Card
      size="small"
      title={`集中回复（${outcomeLabel[reply.outcome]}）`}
      extra={
        <Button className="no-print" onClick={() => window.print()}>
          打印
        </Button>
      }
      data-testid="progress-reply"
    >
      <Typography.Paragraph>
        项目：{name}（{code}）· {shortDate(reply.issuedOn)}作出
      </Typography.Paragraph>
      <Typography.Paragraph>{reply.summary}</Typography.Paragraph>
      {reply.ratingPath && (
        <Alert
          className="no-print"
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <span>
              请对本次服务作出评价：<a href={reply.ratingPath}>满意度评价</a>（链接仅能使用一次）
            </span>
          }
        />
      )}
      <ol style={{ paddingLeft: 20 }}>
        {reply.items.map((i) => (
          <li key={i.itemName}>
            {i.itemName}（{i.departmentName}）：{i.decision ? decisionLabel[i.decision] : '未作出决定'}
            {i.permitNumber && `，许可证号 ${i.permitNumber}`}
            {i.conditions.length > 0 && `；附条件：${i.conditions.join('；')}`}
            {i.reasons.length > 0 && `；理由：${i.reasons.join('；')}`}
          </li>
        ))}
      </ol>
    </Card>
  );
}
