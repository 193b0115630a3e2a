/** 工作人员: officers with role and binding; create, edit, reset a password, disable (ends their sessions). */
import { useState } from 'react';
import { Card, Form, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { $api, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { FormModal } from '../components/FormModal';
import { tableDateTime } from '../format';
import { roleLabel, type Role } from '../session';
import { DataTable } from '../components/DataTable';

type Officer = Schemas['Officer'];
type Values = Omit<Schemas['CreateOfficerRequest'], 'password'> & { password?: string; disabled?: boolean };

function BindingFields({ role }: { role: Role | undefined }) {
  const departments = $api.useQuery('get', '/api/v1/departments', {});
  const points = $api.useQuery('get', '/api/v1/service-points', {});
  if (role === 'department' || role === 'department_head') {
    return (
      <Form.Item label="所属部门" name="departmentId" rules={[{ required: true, message: '请选择部门' }]}>
        <Select options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} loading={departments.isPending} />
      </Form.Item>
    );
  }
  if (role === 'window') {
    return (
      <Form.Item label="服务网点" name="servicePointId" rules={[{ required: true, message: '请选择服务网点' }]}>
        <Select options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} loading={points.isPending} />
      </Form.Item>
    );
  }
  if (role === 'agent') {
    return (
      <Form.Item label="代办员编号" name="agentId" rules={[{ required: true, message: '请填写代办员编号' }]}>
        <Input maxLength={100} />
      </Form.Item>
    );
  }
  return null;
}

function OfficerFields({ editing }: { editing?: boolean }) {
  const form = Form.useFormInstance<Values>();
  const role = Form.useWatch('role', form);
  return (
    <>
      {!editing && (
        <Form.Item label="登录名" name="username" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,31}$/, message: '3–32 位小写字母、数字或 . _ -' }]}>
          <Input maxLength={32} />
        </Form.Item>
      )}
      <Form.Item label="姓名（经办人）" name="name" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
        <Select options={Object.entries(roleLabel).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <BindingFields role={role} />
      <Form.Item
        label={editing ? '重置密码（留空则不变）' : '初始密码'}
        name="password"
        rules={editing ? [] : [{ required: true, message: '请设置初始密码（10 位以上，含字母和数字）' }]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      {editing && (
        <Form.Item label="停用" name="disabled" valuePropName="checked">
          <Switch checkedChildren="已停用" unCheckedChildren="在用" />
        </Form.Item>
      )}
    </>
  );
}

/** Only the binding the role uses is sent; the others are cleared. */
function binding(v: Values) {
  return {
    departmentId: v.role === 'department' || v.role === 'department_head' ? (v.departmentId ?? null) : null,
    servicePointId: v.role === 'window' ? (v.servicePointId ?? null) : null,
    agentId: v.role === 'agent' ? (v.agentId ?? null) : null,
  };
}

export function OfficersPage() {
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const officers = $api.useQuery('get', '/api/v1/officers', { params: { query: { includeDisabled } } });
  const create = $api.useMutation('post', '/api/v1/officers');
  const update = $api.useMutation('patch', '/api/v1/officers/{officerId}');
  return (
    <Card>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="page-title">工作人员</Typography.Title>
        <Space>
          <Switch checked={includeDisabled} onChange={setIncludeDisabled} checkedChildren="含已停用" unCheckedChildren="仅在用" />
          <FormModal<Values>
            label="新增工作人员"
            title="新增工作人员"
            button={{ type: 'primary' }}
            initialValues={{ role: 'window' }}
            submit={(v) => create.mutateAsync({ body: { username: v.username, name: v.name, role: v.role, password: v.password ?? '', ...binding(v) } })}
          >
            {() => <OfficerFields />}
          </FormModal>
        </Space>
      </Space>
      <QueryView query={officers} isEmpty={(d) => d.items.length === 0} empty="暂无工作人员">
        {(d) => (
          <DataTable<Officer>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '登录名', dataIndex: 'username', width: 140 },
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '角色', width: 120, render: (_, o) => roleLabel[o.role] },
              { title: '绑定', render: (_, o) => o.departmentId ?? o.servicePointId ?? o.agentId ?? '—' },
              { title: '状态', width: 90, render: (_, o) => (o.disabled ? <Tag>已停用</Tag> : <Tag color="green">在用</Tag>) },
              { title: '密码修改', width: 140, render: (_, o) => tableDateTime(o.passwordChangedAt) },
              {
                title: '操作',
                width: 90,
                render: (_, o) => (
                  <FormModal<Values>
                    label="编辑"
                    title={`编辑 ${o.username}`}
                    button={{ size: 'small' }}
                    initialValues={{ name: o.name, role: o.role, departmentId: o.departmentId, servicePointId: o.servicePointId, agentId: o.agentId, disabled: o.disabled }}
                    submit={(v) =>
                      update.mutateAsync({
                        params: { path: { officerId: o.id } },
                        body: { name: v.name, role: v.role, disabled: v.disabled ?? false, ...binding(v), ...(v.password ? { password: v.password } : {}) },
                      })
                    }
                  >
                    {() => <OfficerFields editing />}
                  </FormModal>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
