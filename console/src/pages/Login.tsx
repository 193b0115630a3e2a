import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { FormError } from '../components/common';
import { isProblem, problemText } from '../api';
import { homeOf, useSession } from '../session';

function loginError(e: unknown): string {
  if (isProblem(e) && e.status === 401) return '用户名或密码错误';
  if (isProblem(e) && (e.status === 423 || e.status === 429)) return e.detail ?? '登录失败次数过多，账号已暂时锁定，请稍后再试';
  if (isProblem(e) && e.status === 403) return e.detail ?? '该账号已停用，请联系系统管理员';
  return problemText(e);
}

export function LoginPage() {
  const { session, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  if (session) return <Navigate to={from ?? homeOf[session.officer.role]} replace />;

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await login(v.username.trim(), v.password);
      void navigate(from ?? homeOf[s.officer.role], { replace: true });
    } catch (e) {
      setError(loginError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f0f0' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#b71c1c', marginTop: 0 }}>
          并联审批工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          县政务服务中心 · 工作人员登录
        </Typography.Paragraph>
        <FormError message={error} />
        <Form layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
