/** 跟踪问效 for the agent: milestones (开工/竣工/投产) and the applicant's satisfaction, after the reply. */
import { Card, DatePicker, Descriptions, Form, Input, Select, Space } from 'antd';
import type dayjs from 'dayjs';
import { $api, POLL_MS, type Project, type Schemas } from '../api';
import { FormModal } from '../components/FormModal';
import { shanghaiDay, tableDate } from '../format';

const milestoneLabel: Record<Schemas['MilestoneKind'], string> = { construction_start: '开工', completion: '竣工', production_start: '投产' };
const ratingLabel: Record<Schemas['SatisfactionRating'], string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

export function TrackingPanel({ project }: { project: Project }) {
  const timeline = $api.useQuery('get', '/api/v1/projects/{projectId}/timeline', { params: { path: { projectId: project.id } } }, { refetchInterval: POLL_MS });
  const record = $api.useMutation('put', '/api/v1/projects/{projectId}/milestones/{kind}');
  const rate = $api.useMutation('put', '/api/v1/projects/{projectId}/satisfaction');
  if (project.status !== 'tracking' && project.status !== 'closed') return null;
  const milestones = timeline.data?.milestones ?? [];
  const satisfaction = timeline.data?.satisfaction;
  const open = project.status === 'tracking';

  return (
    <Card size="small" title="跟踪服务">
      <Descriptions size="small" column={4}>
        {(Object.keys(milestoneLabel) as Schemas['MilestoneKind'][]).map((k) => {
          const m = milestones.find((x) => x.kind === k);
          return (
            <Descriptions.Item key={k} label={milestoneLabel[k]}>
              {m ? `计划 ${tableDate(m.plannedDate)}${m.actualDate ? `，实际 ${tableDate(m.actualDate)}` : ''}` : '未登记'}
            </Descriptions.Item>
          );
        })}
        <Descriptions.Item label="满意度">{satisfaction ? ratingLabel[satisfaction.rating] : '未评价'}</Descriptions.Item>
      </Descriptions>
      {open && (
        <Space>
          <FormModal<{ kind: Schemas['MilestoneKind']; plannedDate: dayjs.Dayjs; actualDate?: dayjs.Dayjs }>
            label="登记跟踪节点"
            title="登记跟踪节点"
            initialValues={{ kind: 'construction_start' }}
            mapPointer={(p) => p}
            submit={(v) =>
              record.mutateAsync({
                params: { path: { projectId: project.id, kind: v.kind } },
                body: { plannedDate: v.plannedDate.format('YYYY-MM-DD'), ...(v.actualDate ? { actualDate: v.actualDate.format('YYYY-MM-DD') } : {}) },
              })
            }
          >
            {() => (
              <>
                <Form.Item label="节点" name="kind"><Select options={Object.entries(milestoneLabel).map(([value, label]) => ({ value, label }))} /></Form.Item>
                <Form.Item label="计划日期" name="plannedDate" rules={[{ required: true, message: '请选择计划日期' }]}><DatePicker /></Form.Item>
                <Form.Item label="实际日期（已发生时填写）" name="actualDate"><DatePicker disabledDate={(d) => d.isAfter(shanghaiDay(), 'day')} /></Form.Item>
              </>
            )}
          </FormModal>
          {!satisfaction && (
            <FormModal<Schemas['SatisfactionRequest']> label="登记满意度" title="申请人满意度评价" initialValues={{ rating: 'satisfied' }} submit={(body) => rate.mutateAsync({ params: { path: { projectId: project.id } }, body })}>
              {() => (
                <>
                  <Form.Item label="评价" name="rating"><Select options={Object.entries(ratingLabel).map(([value, label]) => ({ value, label }))} /></Form.Item>
                  <Form.Item label="申请人意见（不满意时必填）" name="comment"><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
                </>
              )}
            </FormModal>
          )}
        </Space>
      )}
    </Card>
  );
}
