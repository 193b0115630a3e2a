/** 首问负责 on the project page: who answers for the project, on which post, and the office's handover. */
import { Form, Input, Select, Typography } from 'antd';
import { $api, type Project } from '../api';
import { FormModal } from '../components/FormModal';
import { firstInquiryText } from './text';

export function HandoverButton({ project }: { project: Project }) {
  const reassign = $api.useMutation('put', '/api/v1/projects/{projectId}/first-inquiry-officer');
  const posts = $api.useQuery('get', '/api/v1/first-inquiry-posts', {});
  const options = (posts.data?.items ?? []).flatMap((p) =>
    p.officers.filter((o) => o.id !== project.firstInquiryOfficerId).map((o) => ({ value: o.id, label: `${o.name}（${p.unitName}${p.postName}）` })),
  );
  return (
    <FormModal<{ officerId: string; reason: string }>
      label="移交首问责任人"
      title="移交首问责任人"
      okText="确认移交"
      intro={<Typography.Paragraph>现首问责任人：{firstInquiryText(project)}。移交记录留档，新的首问责任人此后收到本项目的消息。</Typography.Paragraph>}
      submit={(v) => reassign.mutateAsync({ params: { path: { projectId: project.id } }, body: v })}
    >
      {() => (
        <>
          <Form.Item label="新的首问责任人" name="officerId" rules={[{ required: true, message: '请选择首问责任岗上的工作人员' }]} extra="从首问责任岗登记册中选择">
            <Select showSearch optionFilterProp="label" options={options} />
          </Form.Item>
          <Form.Item label="移交理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写移交理由' }]}>
            <Input.TextArea rows={2} maxLength={500} placeholder="如：原首问责任人调离" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
