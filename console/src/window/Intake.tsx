/**
 * 综合受理: the clerk types while the applicant waits. Enter moves to the next field (Ctrl+Enter
 * files), the USCC check digit is validated as typed, and one Idempotency-Key per form means a
 * double click or a retry files one project.
 */
import { useState, type KeyboardEvent } from 'react';
import { Button, Card, Col, Form, Input, InputNumber, Result, Row, Select, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { usccRule } from '../components/uscc';
import { $api, newIdempotencyKey, type Project, type Schemas } from '../api';
import { projectPath, projectRef } from '../components/projectRef';
import { applyProblem, FormError } from '../components/common';
import { useProjectTypes } from '../components/catalogue';
import { useOfficer } from '../session';
import { PreviewPanel, usePreview } from './Preview';
import { projectTypeOptions } from './projectTypes';

type Body = Schemas['SubmitProjectRequest'];
interface Values {
  applicant: Body['applicant'];
  project: Body['project'];
  agentId?: string;
  extraMaterials?: string;
}

function nextFieldOnEnter(e: KeyboardEvent<HTMLFormElement>, submit: () => void) {
  if (e.key !== 'Enter') return;
  const target = e.target as HTMLElement;
  if (e.ctrlKey) {
    e.preventDefault();
    submit();
    return;
  }
  if (target.tagName !== 'INPUT') return;
  e.preventDefault();
  const fields = [...e.currentTarget.querySelectorAll<HTMLElement>('input:not([disabled]):not([type=checkbox]), textarea, button[role=switch]')];
  fields[fields.indexOf(target) + 1]?.focus();
}

export function IntakePage() {
  const officer = useOfficer();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const [filed, setFiled] = useState<Project>();
  const types = useProjectTypes();
  const type = Form.useWatch(['project', 'type'], form);
  const investmentWan = Form.useWatch(['project', 'investmentWan'], form);
  // The window no longer sets the green channel (效能办 or the catalogue rule does, 问题 #12).
  const previewInput = { type, investmentWan, greenChannel: false, materials: [...checked] };
  const preview = usePreview(previewInput);
  const submit = $api.useMutation('post', '/api/v1/projects');

  const onFinish = async (v: Values) => {
    setError(undefined);
    const required = (preview.data?.intakeMaterials ?? []).filter((m) => checked.has(m));
    const extra = (v.extraMaterials ?? '').split(/[\n；;]/).map((s) => s.trim()).filter(Boolean);
    const materials = [...required, ...extra].map((name) => ({ name, copies: 1 }));
    if (materials.length === 0) {
      setError('请至少勾选或填写一项已收材料');
      return;
    }
    try {
      const project = await submit.mutateAsync({
        params: { header: { 'Idempotency-Key': key } },
        body: {
          applicant: { ...v.applicant, uscc: v.applicant.uscc.toUpperCase(), contact: { ...v.applicant.contact, email: v.applicant.contact.email || undefined } },
          project: { ...v.project, greenChannel: false },
          materials,
          // 首问负责: the signed-in window officer is recorded by the gateway (no free-text name).
          agentId: v.agentId?.trim() || null,
          // 受理材料核验 on every counter intake: incomplete materials → 待补齐材料 with the 一次性告知.
          checkMaterials: true,
        },
      });
      setFiled(project);
    } catch (e) {
      setError(applyProblem(form, e));
    }
  };

  const startNew = () => {
    form.resetFields();
    setChecked(new Set());
    setFiled(undefined);
    setKey(newIdempotencyKey());
  };

  if (filed) {
    // Materials incomplete: registered but not accepted (待补齐材料) — the applicant leaves with the 一次性告知书.
    const awaiting = filed.status === 'awaiting_materials';
    const print = awaiting ? { path: 'intake-notice', label: '打印一次性告知书' } : { path: 'receipt', label: '打印受理回执' };
    return (
      <Result
        status={awaiting ? 'warning' : 'success'}
        title={awaiting ? `材料不齐，尚未受理，项目代码 ${filed.code}` : `已受理，项目代码 ${filed.code}`}
        subTitle={
          awaiting
            ? `${filed.name} · 已一次性告知缺少的 ${new Set(filed.missingMaterials.flatMap((m) => m.materials)).size} 项材料；补齐之日受理，各事项自受理之日起计时`
            : `${filed.name}${filed.nationalProjectCode ? `（全国投资项目代码 ${filed.nationalProjectCode}）` : ''} · 已向 ${filed.tasks.length} 个审批事项的部门同时推送`
        }
        extra={[
          <Button type="primary" key="print" href={`/console/print/${print.path}/${encodeURIComponent(projectRef(filed))}`} target="_blank">
            {print.label}
          </Button>,
          <Link key="detail" to={projectPath(filed)}>
            <Button>查看项目</Button>
          </Link>,
          <Button key="new" onClick={startNew} autoFocus>
            继续受理
          </Button>,
        ]}
      />
    );
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="middle"
      className="compact-form"
      initialValues={{ project: { greenChannel: false } }}
      onFinish={(v) => void onFinish(v)}
      onKeyDown={(e) => nextFieldOnEnter(e, () => form.submit())}
    >
      <Typography.Title level={4} className="page-title">受理登记</Typography.Title>
      <FormError message={error} />
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title="申请人" style={{ marginBottom: 12 }}>
            <Row gutter={8}>
              <Col span={13}>
                <Form.Item label="申请单位名称" name={['applicant', 'name']} rules={[{ required: true, message: '请输入申请单位名称' }]}>
                  <Input autoFocus maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={11}>
                <Form.Item
                  label="统一社会信用代码"
                  name={['applicant', 'uscc']}
                  required
                  normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
                  validateTrigger="onChange"
                  rules={[usccRule]}
                  hasFeedback
                >
                  <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={7}>
                <Form.Item label="联系人" name={['applicant', 'contact', 'name']} rules={[{ required: true, message: '请输入联系人' }]}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={7}>
                <Form.Item label="联系电话" name={['applicant', 'contact', 'phone']} rules={[{ required: true, pattern: /^[0-9+() -]{5,20}$/, message: '请输入有效的电话号码' }]}>
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item label="电子邮箱" name={['applicant', 'contact', 'email']} rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card size="small" title="项目" style={{ marginBottom: 12 }}>
            <Row gutter={8}>
              <Col span={13}>
                <Form.Item label="项目名称" name={['project', 'name']} rules={[{ required: true, message: '请输入项目名称' }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={11}>
                <Form.Item label="项目类型" name={['project', 'type']} rules={[{ required: true, message: '请选择项目类型' }]}>
                  <Select options={projectTypeOptions(types)} showSearch optionFilterProp="label" placeholder="请选择" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={13}>
                <Form.Item label="建设地点" name={['project', 'location']} rules={[{ required: true, message: '请输入建设地点' }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={11}>
                <Form.Item label="总投资（万元）" name={['project', 'investmentWan']} rules={[{ required: true, message: '请输入总投资' }]}>
                  <InputNumber min={0.01} max={100000000} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item label="首问责任人" tooltip="首问负责制：由登录的窗口人员担任，随项目记录">
                  <Typography.Text data-testid="first-inquiry-officer">{officer.name}</Typography.Text>
                </Form.Item>
              </Col>
              <Col span={11}>
                <Form.Item label="代办专员编号" name="agentId">
                  <Input maxLength={100} placeholder="不指派可留空" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="其他已收材料（每行一项）" name="extraMaterials">
              <Input.TextArea rows={2} />
            </Form.Item>
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="受理前预览：适用事项、材料与时限" style={{ marginBottom: 12 }} styles={{ body: { maxHeight: 'calc(100vh - 230px)', overflowY: 'auto' } }}>
            <PreviewPanel
              input={previewInput}
              checked={checked}
              onToggle={(m, on) => setChecked((prev) => { const next = new Set(prev); if (on) next.add(m); else next.delete(m); return next; })}
            />
          </Card>
          <Space>
            <Button type="primary" htmlType="submit" size="large" loading={submit.isPending} disabled={!preview.data || preview.data.items.length === 0}>
              确认受理（Ctrl+Enter）
            </Button>
            <Button onClick={startNew}>清空</Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}
