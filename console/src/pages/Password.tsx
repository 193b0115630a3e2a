import { useState } from 'react';
import { App, Button, Card, Form, Input } from 'antd';
import { FormError } from '../components/common';
import { problemText } from '../api';
import { useSession } from '../session';

export function PasswordPage() {
  const { changePassword } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const onFinish = async (v: { currentPassword: string; newPassword: string }) => {
    setError(undefined);
    try {
      await changePassword(v.currentPassword, v.newPassword);
      form.resetFields();
      void message.success('密码已修改');
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      <FormError message={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={[{ required: true, min: 10, message: '新密码至少 10 位' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit">保存</Button>
      </Form>
    </Card>
  );
}
