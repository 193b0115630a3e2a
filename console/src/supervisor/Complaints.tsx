/** 效能投诉: file, assign (with a limit in working days), resolve, list for notice. */
import { Card, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { $api, POLL_MS, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { FormModal } from '../components/FormModal';
import { complaintCategoryLabel as categories, complaintFindingLabel as findings, complaintStatusLabel as statusLabel, tableDate } from '../format';
import { useOfficer } from '../session';
import { DataTable } from '../components/DataTable';

type Complaint = Schemas['Complaint'];
function DepartmentSelect() {
  const q = $api.useQuery('get', '/api/v1/departments', {});
  return <Select options={(q.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} loading={q.isPending} />;
}

export function ComplaintsPage() {
  const officer = useOfficer();
  const list = $api.useQuery('get', '/api/v1/complaints', { params: { query: { limit: 100 } } }, { refetchInterval: POLL_MS });
  const file = $api.useMutation('post', '/api/v1/complaints');
  const assign = $api.useMutation('post', '/api/v1/complaints/{complaintId}/assignment');
  const resolve = $api.useMutation('post', '/api/v1/complaints/{complaintId}/resolution');
  const notice = $api.useMutation('post', '/api/v1/complaints/{complaintId}/notice');
  const manage = officer.role === 'supervisor' || officer.role === 'admin';

  return (
    <Card>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="page-title">效能投诉</Typography.Title>
        <FormModal<Schemas['FileComplaintRequest']> label="登记投诉" title="登记效能投诉" button={{ type: 'primary' }} initialValues={{ category: 'overdue' }} submit={(body) => file.mutateAsync({ body })}>
          {() => (
            <>
              <Form.Item label="被投诉部门" name="departmentId" rules={[{ required: true, message: '请选择部门' }]}><DepartmentSelect /></Form.Item>
              <Form.Item label="类别" name="category"><Select options={Object.entries(categories).map(([value, label]) => ({ value, label }))} /></Form.Item>
              <Form.Item label="投诉内容" name="description" rules={[{ required: true, message: '请填写投诉内容' }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
              <Space>
                <Form.Item label="投诉人" name={['complainant', 'name']} rules={[{ required: true, message: '请填写投诉人' }]}><Input maxLength={50} /></Form.Item>
                <Form.Item label="联系电话" name={['complainant', 'phone']} rules={[{ required: true, message: '请填写电话' }]}><Input maxLength={20} /></Form.Item>
              </Space>
              <Form.Item label="相关项目代码（可选）" name="projectId"><Input maxLength={100} /></Form.Item>
            </>
          )}
        </FormModal>
      </Space>
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty="暂无投诉">
        {(d) => (
          <DataTable<Complaint>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '编号', dataIndex: 'id', width: 140 },
              { title: '部门', dataIndex: 'departmentName', width: 140 },
              { title: '类别', dataIndex: 'categoryLabel', width: 90 },
              { title: '内容', dataIndex: 'description', ellipsis: true },
              { title: '状态', width: 120, render: (_, c) => <Tag color={c.overdueAt ? 'error' : 'default'}>{statusLabel[c.status]}</Tag> },
              { title: '办理期限', width: 100, render: (_, c) => tableDate(c.dueDate) },
              {
                title: '操作',
                width: 230,
                render: (_, c) =>
                  manage && (
                    <Space size={4} wrap>
                      {c.status === 'filed' && (
                        <FormModal<Schemas['AssignComplaintRequest']> label="交办" title={`交办 ${c.id}`} button={{ size: 'small' }} initialValues={{ unitId: c.departmentId, workingDays: 5 }} submit={(body) => assign.mutateAsync({ params: { path: { complaintId: c.id } }, body })}>
                          {() => (
                            <>
                              <Form.Item label="承办单位" name="unitId" rules={[{ required: true, message: '请选择承办单位' }]}><DepartmentSelect /></Form.Item>
                              <Form.Item label="办理时限（工作日）" name="workingDays" rules={[{ required: true, message: '请填写时限' }]}><InputNumber min={1} max={60} /></Form.Item>
                              <Form.Item label="交办意见" name="note"><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
                            </>
                          )}
                        </FormModal>
                      )}
                      {['assigned', 'explanation_required', 'explained', 'escalated'].includes(c.status) && (
                        <FormModal<Schemas['ResolveComplaintRequest']> label="办结" title={`办结 ${c.id}`} button={{ size: 'small' }} initialValues={{ finding: 'substantiated' }} submit={(body) => resolve.mutateAsync({ params: { path: { complaintId: c.id } }, body })}>
                          {() => (
                            <>
                              <Form.Item label="调查结论" name="finding"><Select options={Object.entries(findings).map(([value, label]) => ({ value, label }))} /></Form.Item>
                              <Form.Item label="调查情况" name="detail" rules={[{ required: true, message: '请填写调查情况' }]}><Input.TextArea rows={3} /></Form.Item>
                              <Form.Item label="处理措施" name="action" rules={[{ required: true, message: '请填写处理措施' }]}><Input.TextArea rows={2} /></Form.Item>
                            </>
                          )}
                        </FormModal>
                      )}
                      {(c.status === 'resolved' || c.status === 'closed') && !c.notice && (
                        <FormModal<Schemas['ComplaintNoticeRequest']> label="列入通报" title={`列入通报 ${c.id}`} button={{ size: 'small' }} submit={(body) => notice.mutateAsync({ params: { path: { complaintId: c.id } }, body })}>
                          {() => <Form.Item label="通报理由" name="reason" rules={[{ required: true, message: '请填写通报理由' }]}><Input.TextArea rows={3} /></Form.Item>}
                        </FormModal>
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
