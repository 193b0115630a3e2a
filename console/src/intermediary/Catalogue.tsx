/**
 * 中介机构 (admin): the intermediary catalogue — list (with suspended ones), add, edit, suspend and
 * reinstate. putIntermediary takes the whole entry, so suspending sends the row as it is with
 * active: false; running periods keep the limit they started with.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { $api, problemText, queryClient, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { DataTable } from '../components/DataTable';
import { FormModal } from '../components/FormModal';
import { usccRule } from '../components/uscc';

type Intermediary = Schemas['Intermediary'];
type Values = Schemas['IntermediaryInput'] & { id: string };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function inputOf(x: Intermediary, active = x.active): Schemas['IntermediaryInput'] {
  return { name: x.name, uscc: x.uscc, serviceKinds: x.serviceKinds, limitDays: x.limitDays, contact: x.contact, active };
}

function IntermediaryFields({ editing }: { editing?: boolean }) {
  return (
    <>
      {!editing && (
        <Form.Item label="机构编号" name="id" extra="如 ZJ-HP-02（字母、数字、. _ -）" rules={[{ required: true, pattern: ID_PATTERN, message: '请填写编号：字母或数字开头，只含字母、数字、. _ -' }]}>
          <Input maxLength={100} />
        </Form.Item>
      )}
      <Form.Item label="机构名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写中介机构名称' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label="统一社会信用代码" name="uscc" required normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')} validateTrigger="onChange" rules={[usccRule]} hasFeedback>
        <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item label="服务事项" name="serviceKinds" extra="输入后回车，可填多项，如“环境影响评价报告表编制”" rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一项服务事项' }]}>
        <Select mode="tags" tokenSeparators={['、', '，', ',']} maxCount={20} />
      </Form.Item>
      <Space size={12} align="start">
        <Form.Item label="承诺服务时限（工作日）" name="limitDays" rules={[{ required: true, message: '请填写承诺服务时限' }]}>
          <InputNumber min={1} max={365} precision={0} />
        </Form.Item>
        <Form.Item label="联系人" name={['contact', 'name']} rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label="联系电话" name={['contact', 'phone']} rules={[{ required: true, pattern: /^[0-9+() -]{5,20}$/, message: '请填写 5–20 位电话号码' }]}>
          <Input maxLength={20} />
        </Form.Item>
      </Space>
    </>
  );
}

export function IntermediaryCataloguePage() {
  const { message } = App.useApp();
  const [includeInactive, setIncludeInactive] = useState(true);
  const list = $api.useQuery('get', '/api/v1/intermediaries', { params: { query: { includeInactive } } });
  const put = $api.useMutation('put', '/api/v1/intermediaries/{intermediaryId}');
  const save = (id: string, body: Schemas['IntermediaryInput']) => put.mutateAsync({ params: { path: { intermediaryId: id } }, body });
  const setActive = async (x: Intermediary, active: boolean) => {
    try {
      await save(x.id, inputOf(x, active));
      await queryClient.invalidateQueries();
      void message.success(active ? `已恢复：${x.name}` : `已停用：${x.name}`);
    } catch (e) {
      void message.error(problemText(e));
    }
  };
  return (
    <Card>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="page-title">中介服务机构</Typography.Title>
        <Space>
          <Switch checked={includeInactive} onChange={setIncludeInactive} checkedChildren="含已停用" unCheckedChildren="仅在用" />
          <FormModal<Values>
            label="新增中介机构"
            title="新增中介机构"
            button={{ type: 'primary' }}
            width={640}
            submit={async ({ id, ...v }) => {
              // PUT is an upsert: an id already in the catalogue would silently replace that firm.
              if ((list.data?.items ?? []).some((x) => x.id === id)) throw { status: 409, title: '编号已存在', detail: `编号 ${id} 已被使用，请换一个编号或编辑该机构`, errors: [{ pointer: '/id', message: '编号已被使用' }] };
              await save(id, { ...v, active: true });
            }}
          >
            {() => <IntermediaryFields />}
          </FormModal>
        </Space>
      </Space>
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty="中介服务机构目录为空，请新增">
        {(d) => (
          <DataTable<Intermediary>
            rowKey="id"
            dataSource={d.items}
            columns={[
              { title: '编号', dataIndex: 'id', width: 96 },
              { title: '机构名称', dataIndex: 'name', width: 200 },
              { title: '统一社会信用代码', dataIndex: 'uscc', width: 170, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
              { title: '服务事项', render: (_, x) => x.serviceKinds.map((k) => <Tag key={k} style={{ marginBottom: 2 }}>{k}</Tag>) },
              { title: '承诺时限', width: 96, render: (_, x) => `${x.limitDays} 个工作日` },
              { title: '联系人', width: 140, render: (_, x) => `${x.contact.name} ${x.contact.phone}` },
              { title: '状态', width: 76, render: (_, x) => (x.active ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>) },
              {
                title: '操作',
                width: 130,
                render: (_, x) => (
                  <Space size={4}>
                    <FormModal<Schemas['IntermediaryInput']>
                      label="编辑"
                      title={`编辑 ${x.name}`}
                      button={{ size: 'small' }}
                      width={640}
                      initialValues={inputOf(x)}
                      intro={<Typography.Paragraph type="secondary">修改承诺时限只影响之后委托的中介服务，进行中的按委托时的时限计时。</Typography.Paragraph>}
                      submit={(v) => save(x.id, { ...v, active: x.active })}
                    >
                      {() => <IntermediaryFields editing />}
                    </FormModal>
                    {x.active ? (
                      <Popconfirm title={`停用后不能再委托“${x.name}”，已有记录保留。确认停用？`} okText="停用" cancelText="取消" onConfirm={() => setActive(x, false)}>
                        <Button size="small" danger>停用</Button>
                      </Popconfirm>
                    ) : (
                      <Button size="small" onClick={() => void setActive(x, true)}>恢复</Button>
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
