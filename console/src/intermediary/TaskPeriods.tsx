/**
 * 中介服务 on one task: the department entrusts an intermediary from the catalogue (the task's 中介服务
 * excluded period opens, so the task clock pauses, and the intermediary's own clock runs on its
 * promised limit) and records the result with a rating, which closes both. Every role that can read
 * the task sees the periods; only the task's department acts. Writes carry If-Match like TaskActions.
 */
import { Card, Descriptions, Form, Input, Radio, Rate, Select, Space, Tag, Typography } from 'antd';
import { $api, POLL_MS, type Schemas, type Task } from '../api';
import { LightTag, QueryView } from '../components/common';
import { FormModal } from '../components/FormModal';
import { tableDate, tableDateTime } from '../format';

type Period = Schemas['IntermediaryPeriod'];

export const PERIOD_STATUS_LABEL: Record<Period['status'], string> = { open: '进行中', completed: '已登记结果', cancelled: '随项目撤回终止' };
export const RESULT_LABEL: Record<NonNullable<Period['result']>, string> = { delivered: '已交付成果', terminated: '终止服务（未交付）' };

const ifMatch = (t: Task) => ({ 'If-Match': `"${t.version}"` });

/** The open excluded period of a task, if any (中介服务 or another kind). */
export const openExcludedPeriod = (t: Task) => t.clock.suspensions.find((s) => s.kind && s.to === null);

function StartForm({ intermediaries }: { intermediaries: Schemas['Intermediary'][] }) {
  const form = Form.useFormInstance<Schemas['StartIntermediaryPeriodRequest']>();
  const chosenId = Form.useWatch('intermediaryId', form);
  const chosen = intermediaries.find((x) => x.id === chosenId);
  return (
    <>
      <Form.Item label="中介机构" name="intermediaryId" rules={[{ required: true, message: '请选择中介机构' }]}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="从中介服务机构目录中选择"
          options={intermediaries.map((x) => ({ value: x.id, label: `${x.name}（${x.serviceKinds.join('、')}）` }))}
          onChange={() => form.setFieldValue('serviceKind', undefined)}
        />
      </Form.Item>
      <Form.Item label="服务事项" name="serviceKind" rules={[{ required: true, message: '请选择服务事项' }]}>
        <Select placeholder={chosen ? '请选择' : '先选择中介机构'} disabled={!chosen} options={(chosen?.serviceKinds ?? []).map((k) => ({ value: k, label: k }))} />
      </Form.Item>
      <Form.Item label="预计所需时间">
        <span data-testid="intermediary-limit">{chosen ? `${chosen.limitDays} 个工作日（该机构承诺的服务时限，中介服务按此单独计时）` : '—'}</span>
      </Form.Item>
      <Form.Item label="委托内容（写入告知申请人的不计算期间告知）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写委托内容' }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </>
  );
}

/** 委托中介服务 / 登记中介结果 buttons for the task's department. */
export function IntermediaryActions({ task }: { task: Task }) {
  const start = $api.useMutation('post', '/api/v1/tasks/{taskId}/intermediary-period');
  const record = $api.useMutation('post', '/api/v1/tasks/{taskId}/intermediary-period/result');
  const catalogue = $api.useQuery('get', '/api/v1/intermediaries', {});
  const params = { path: { taskId: task.id }, header: ifMatch(task) };
  const open = openExcludedPeriod(task);
  if (task.status === 'accepted' && !open) {
    return (
      <FormModal<Schemas['StartIntermediaryPeriodRequest']>
        label="委托中介服务"
        title="委托中介服务（中介服务时间不计入审批时限）"
        width={620}
        intro={<Typography.Paragraph type="secondary">委托后本任务暂停计时（法定不计算期间“中介服务”，告知申请人），中介机构按承诺时限单独计时，到期前亮黄灯、届满亮红灯。</Typography.Paragraph>}
        submit={(v) => start.mutateAsync({ params, body: v })}
      >
        {() => <StartForm intermediaries={catalogue.data?.items ?? []} />}
      </FormModal>
    );
  }
  if (open?.kind === 'intermediary_service') {
    return (
      <FormModal<Schemas['IntermediaryResultRequest']>
        label="登记中介结果"
        title="登记中介服务结果并评价中介机构"
        button={{ type: 'primary' }}
        initialValues={{ result: 'delivered' }}
        submit={(v) => record.mutateAsync({ params, body: { ...v, note: v.note || undefined, ratingComment: v.ratingComment || undefined } })}
      >
        {() => (
          <>
            <Form.Item label="结果" name="result" rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={[{ value: 'delivered', label: '已交付成果' }, { value: 'terminated', label: '终止服务' }]} />
            </Form.Item>
            <Form.Item label="结果说明" name="note">
              <Input.TextArea rows={2} maxLength={1000} placeholder="如：环境影响报告表已出具" />
            </Form.Item>
            <Form.Item label="评价（1–5 分）" name="rating" rules={[{ required: true, message: '请评价中介机构（1–5 分）' }]}>
              <Rate count={5} aria-label="评价" />
            </Form.Item>
            <Form.Item label="评价说明" name="ratingComment">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </FormModal>
    );
  }
  return null;
}

function PeriodView({ p }: { p: Period }) {
  return (
    <div data-testid={`intermediary-period-${p.id}`} style={{ marginBottom: 8 }}>
      <Descriptions size="small" column={2} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="中介机构" span={2}>
          <Space wrap>
            {p.intermediaryName}
            <Tag>{p.serviceKind}</Tag>
            <Tag color={p.status === 'open' ? 'processing' : 'default'}><span data-testid="intermediary-status">{PERIOD_STATUS_LABEL[p.status]}</span></Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="中介计时">
          <Space>
            {p.status === 'open' ? <LightTag light={p.light} /> : null}
            <span>承诺 {p.limitDays} 个工作日，{tableDate(p.dueDate)} 到期{p.provisional ? '（预估）' : ''}</span>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="任务计时">{p.status === 'open' ? '暂停（中介服务时间不计入审批时限）' : `${tableDate(p.endedAt)} 次日起恢复`}</Descriptions.Item>
        <Descriptions.Item label="委托">{tableDateTime(p.startedAt)}（{p.startedBy}）</Descriptions.Item>
        <Descriptions.Item label="委托内容">{p.reason}</Descriptions.Item>
        {p.status === 'completed' && (
          <>
            <Descriptions.Item label="结果">
              {p.result ? RESULT_LABEL[p.result] : '—'}，用时 {p.daysUsed ?? '—'} 个工作日，{p.onTime ? '按时' : <Typography.Text type="danger">超时</Typography.Text>}
              {p.note ? `；${p.note}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="评价">
              <span data-testid="intermediary-rating">{p.rating} 分</span>
              {p.ratingComment ? `（${p.ratingComment}）` : ''}
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
    </div>
  );
}

/** The task's intermediary periods, newest first; nothing at all while the task never had one. */
export function IntermediaryCard({ task }: { task: Task }) {
  const q = $api.useQuery('get', '/api/v1/tasks/{taskId}/intermediary-periods', { params: { path: { taskId: task.id } } }, { refetchInterval: POLL_MS });
  if (q.data && q.data.items.length === 0) return null;
  return (
    <Card size="small" title={`中介服务 · ${task.itemName}`} style={{ marginBottom: 12 }}>
      <QueryView query={q} compact>
        {(d) => d.items.map((p) => <PeriodView key={p.id} p={p} />)}
      </QueryView>
    </Card>
  );
}
