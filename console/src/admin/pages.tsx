/** 系统管理: officers, API keys for department systems, the working-day calendar. */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography, App } from 'antd';
import { $api, problemText, queryClient, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { FormModal } from '../components/FormModal';
import { shanghaiToday, tableDate, tableDateTime } from '../format';
import { DataTable } from '../components/DataTable';
export { OfficersPage } from './Officers';

const roleNames: Record<Schemas['Role'], string> = { window: '窗口', department: '部门', agent: '代办专员', supervisor: '效能办', admin: '管理员' };

export function ApiKeysPage() {
  const { message } = App.useApp();
  const keys = $api.useQuery('get', '/api/v1/api-keys', {});
  const create = $api.useMutation('post', '/api/v1/api-keys');
  const revoke = $api.useMutation('delete', '/api/v1/api-keys/{keyId}');
  const [created, setCreated] = useState<string>();
  return (
    <Card>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="page-title">系统接入密钥（API Key）</Typography.Title>
        <FormModal<Schemas['ApiKeyRequest']>
          label="签发密钥"
          title="为部门系统签发密钥"
          button={{ type: 'primary' }}
          initialValues={{ role: 'department' }}
          submit={async (body) => setCreated((await create.mutateAsync({ body })).key)}
        >
          {() => (
            <>
              <Form.Item label="角色" name="role"><Select options={Object.entries(roleNames).map(([value, label]) => ({ value, label }))} /></Form.Item>
              <Form.Item label="用途说明" name="label" rules={[{ required: true, message: '请填写用途' }]}><Input maxLength={100} /></Form.Item>
              <Form.Item label="部门编号（部门角色必填）" name="departmentId"><Input maxLength={100} /></Form.Item>
              <Form.Item label="代办员编号（代办角色必填）" name="agentId"><Input maxLength={100} /></Form.Item>
            </>
          )}
        </FormModal>
      </Space>
      {created && <Alert type="success" showIcon closable onClose={() => setCreated(undefined)} style={{ marginBottom: 12 }} message="密钥已签发（只显示这一次，请立即交给对方系统管理员）" description={<Typography.Text copyable code>{created}</Typography.Text>} />}
      <QueryView query={keys} isEmpty={(d) => d.items.length === 0} empty="尚未签发密钥">
        {(d) => (
          <DataTable<Schemas['ApiKey']>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '前缀', dataIndex: 'prefix', width: 120 },
              { title: '用途', dataIndex: 'label' },
              { title: '角色', width: 90, render: (_, k) => roleNames[k.role] },
              { title: '绑定', width: 120, render: (_, k) => k.departmentId ?? k.agentId ?? '—' },
              { title: '签发时间', width: 140, render: (_, k) => tableDateTime(k.createdAt) },
              {
                title: '状态',
                width: 140,
                render: (_, k) =>
                  k.revokedAt ? (
                    <Tag>已吊销</Tag>
                  ) : (
                    <Popconfirm title="吊销后该系统立即无法调用接口，确认吊销？" okText="吊销" cancelText="取消" onConfirm={async () => {
                      try { await revoke.mutateAsync({ params: { path: { keyId: k.id } } }); await queryClient.invalidateQueries(); void message.success('已吊销'); } catch (e) { void message.error(problemText(e)); }
                    }}>
                      <Button size="small" danger>吊销</Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

const dateLines = (text: string | undefined) => (text ?? '').split(/[\s,，、]+/).map((s) => s.trim()).filter(Boolean);

export function CalendarPage() {
  const [year, setYear] = useState(Number(shanghaiToday().slice(0, 4)) + 1);
  const cal = $api.useQuery('get', '/api/v1/calendar/{year}', { params: { path: { year } } });
  const put = $api.useMutation('put', '/api/v1/calendar/{year}');
  const origin = { stored: '管理员录入', shipped: '系统内置官方安排', provisional: '自动预估（无调休）' } as const;
  return (
    <Card>
      <Typography.Title level={4} className="page-title">工作日历</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <span>年份</span>
        <InputNumber min={2000} max={2099} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      <QueryView query={cal}>
        {(c) => (
          <>
            <Descriptions size="small" bordered column={2} styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label="安排">{c.official ? <Tag color="green">官方</Tag> : <Tag color="orange">预估</Tag>}{origin[c.origin]}</Descriptions.Item>
              <Descriptions.Item label="依据">{c.source}</Descriptions.Item>
              <Descriptions.Item label="放假日期" span={2}>{c.holidays.map(tableDate).join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label="调休上班" span={2}>{c.workdays.map(tableDate).join('、') || '—'}</Descriptions.Item>
            </Descriptions>
            <div style={{ marginTop: 12 }}>
              <FormModal<{ official: boolean; holidays: string; workdays: string; source: string }>
                label="录入官方安排"
                title={`录入 ${year} 年放假安排`}
                button={{ type: 'primary' }}
                width={680}
                initialValues={{ official: true, holidays: c.holidays.join('\n'), workdays: c.workdays.join('\n'), source: c.origin === 'stored' ? c.source : '' }}
                intro={<Alert type="info" showIcon style={{ marginBottom: 12 }} message="保存后，所有在审项目的到期日按新安排重新推算。" />}
                submit={(v) => put.mutateAsync({ params: { path: { year } }, body: { official: v.official, holidays: dateLines(v.holidays), workdays: dateLines(v.workdays), source: v.source } })}
                mapPointer={(p) => [p[0]]}
              >
                {() => (
                  <>
                    <Form.Item label="官方公布" name="official" valuePropName="checked"><Switch checkedChildren="官方" unCheckedChildren="预估" /></Form.Item>
                    <Form.Item label="放假日期（YYYY-MM-DD，每行一个）" name="holidays"><Input.TextArea rows={6} /></Form.Item>
                    <Form.Item label="调休上班日期（每行一个）" name="workdays"><Input.TextArea rows={3} /></Form.Item>
                    <Form.Item label="依据（如国务院办公厅通知文号）" name="source" rules={[{ required: true, message: '请填写依据' }]}><Input maxLength={500} /></Form.Item>
                  </>
                )}
              </FormModal>
            </div>
          </>
        )}
      </QueryView>
    </Card>
  );
}
