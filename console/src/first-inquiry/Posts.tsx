/** 系统管理 · 首问责任岗登记册: posts with their unit, duties, window phone and the officers on them. */
import { Card, Form, Input, Select, Space, Typography, type FormInstance } from 'antd';
import { $api, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { DataTable } from '../components/DataTable';
import { FormModal } from '../components/FormModal';

type Post = Schemas['FirstInquiryPost'];
type Values = Schemas['FirstInquiryPostInput'] & { id: string };

const UNIT_KIND: Record<Schemas['FirstInquiryUnitKind'], string> = { service_point: '便民服务中心', department: '部门' };
const DEPT_ROLES = ['department', 'department_head'];

/** The form's fields: a component of its own, so its hooks run in a stable order. */
function PostFields({ form, post }: { form: FormInstance<Values>; post?: Post }) {
  const departments = $api.useQuery('get', '/api/v1/departments', {});
  const points = $api.useQuery('get', '/api/v1/service-points', {});
  const officers = $api.useQuery('get', '/api/v1/officers', { params: { query: { includeDisabled: false } } });
  const kind = Form.useWatch('unitKind', form) ?? post?.unitKind ?? 'service_point';
  const unitId = Form.useWatch('unitId', form);
  const units = kind === 'service_point' ? (points.data?.items ?? []) : (departments.data?.items ?? []);
  const eligible = (officers.data?.items ?? []).filter((o) =>
    kind === 'service_point' ? o.role === 'window' && o.servicePointId === unitId : DEPT_ROLES.includes(o.role) && o.departmentId === unitId,
  );
  return (
    <>
      {!post && (
        <Form.Item label="岗位编号" name="id" rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, message: '请填写岗位编号（字母、数字、. _ -）' }]} extra="如 XZFW-SW；同一编号再次提交即修改">
          <Input maxLength={100} />
        </Form.Item>
      )}
      <Space>
        <Form.Item label="单位类别" name="unitKind">
          <Select disabled={!!post} style={{ width: 140 }} options={Object.entries(UNIT_KIND).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="单位" name="unitId" rules={[{ required: true, message: '请选择单位' }]}>
          <Select disabled={!!post} style={{ width: 260 }} showSearch optionFilterProp="label" options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Space>
      <Form.Item label="岗位名称" name="postName" rules={[{ required: true, whitespace: true, message: '请填写岗位名称' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item label="岗位职责" name="duties" rules={[{ required: true, whitespace: true, message: '请填写岗位职责' }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item label="窗口联系电话（公示）" name="phone" extra="不填写工作人员个人电话">
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item label="在岗工作人员" name="officerIds">
        <Select mode="multiple" options={eligible.map((o) => ({ value: o.id, label: `${o.name}（${o.username}）` }))} placeholder="先选单位" />
      </Form.Item>
    </>
  );
}

function PostForm({ post }: { post?: Post }) {
  const put = $api.useMutation('put', '/api/v1/first-inquiry-posts/{postId}');
  return (
    <FormModal<Values>
      label={post ? '修改' : '登记首问责任岗'}
      title={post ? `修改首问责任岗 ${post.id}` : '登记首问责任岗'}
      button={post ? { size: 'small' } : { type: 'primary' }}
      initialValues={post ? { ...post, officerIds: post.officers.map((o) => o.id) } : { unitKind: 'service_point', officerIds: [] }}
      submit={({ id, ...body }) => put.mutateAsync({ params: { path: { postId: post?.id ?? id } }, body: { ...body, phone: body.phone || null } })}
    >
      {(form) => <PostFields form={form} post={post} />}
    </FormModal>
  );
}

export function FirstInquiryPostsPage() {
  const posts = $api.useQuery('get', '/api/v1/first-inquiry-posts', {});
  return (
    <Card>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="page-title">首问责任岗</Typography.Title>
        <PostForm />
      </Space>
      <QueryView query={posts} isEmpty={(d) => d.items.length === 0} empty="尚未登记首问责任岗">
        {(d) => (
          <DataTable<Post>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '岗位编号', dataIndex: 'id', width: 110 },
              { title: '单位', width: 180, render: (_, p) => `${p.unitName}（${UNIT_KIND[p.unitKind]}）` },
              { title: '岗位', dataIndex: 'postName', width: 160 },
              { title: '职责', dataIndex: 'duties' },
              { title: '电话', width: 120, render: (_, p) => p.phone ?? '—' },
              { title: '在岗人员', width: 160, render: (_, p) => p.officers.map((o) => o.name).join('、') || '—' },
              { title: '', width: 70, render: (_, p) => <PostForm post={p} /> },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
