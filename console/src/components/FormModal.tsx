/** One modal form pattern for every write: validation, problem+json placed on fields, success message, refresh. */
import { useState, type ReactNode } from 'react';
import { App, Button, Form, Modal, type ButtonProps, type FormInstance } from 'antd';
import { queryClient } from '../api';
import { applyProblem, FormError } from './common';

export function FormModal<V extends object>({
  label,
  title,
  button,
  okText,
  initialValues,
  submit,
  children,
  width,
  mapPointer,
  intro,
}: {
  label: string;
  title: string;
  button?: ButtonProps;
  okText?: string;
  initialValues?: Partial<V>;
  submit: (v: V) => Promise<unknown>;
  children: (form: FormInstance<V>) => ReactNode;
  width?: number;
  mapPointer?: (p: (string | number)[]) => (string | number)[];
  intro?: ReactNode;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<V>();
  const onOk = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form already shows what is missing next to each field
    }
    setBusy(true);
    setError(undefined);
    try {
      await submit(v);
      void message.success(`${title}：已完成`);
      setOpen(false);
      form.resetFields();
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(applyProblem(form, e, mapPointer));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button {...button} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal title={title} open={open} width={width ?? 560} onOk={() => void onOk()} okText={okText ?? '确定'} confirmLoading={busy} onCancel={() => setOpen(false)} destroyOnHidden>
        {intro}
        <FormError message={error} />
        <Form form={form} layout="vertical" initialValues={initialValues}>
          {children(form)}
        </Form>
      </Modal>
    </>
  );
}
