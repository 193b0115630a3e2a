/** A form's submit button in its own grid cell: on a desktop row an empty label lines it up with the fields; a phone stacks it. */
import { Button, Form, Grid } from 'antd';

export function FormSubmit({ label, loading }: { label: string; loading?: boolean }) {
  const screens = Grid.useBreakpoint();
  return (
    <Form.Item label={screens.md ? ' ' : undefined} colon={false}>
      <Button type="primary" htmlType="submit" block loading={loading}>
        {label}
      </Button>
    </Form.Item>
  );
}
