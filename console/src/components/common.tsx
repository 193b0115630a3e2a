/** Shared pieces: lights as word + colour, loading/empty/error states, problem+json on forms. */
import type { ReactNode } from 'react';
import { Alert, Button, Empty, Result, Spin, Tag, type FormInstance } from 'antd';
import { useNavigate } from 'react-router';
import { isProblem, problemText, type Light } from '../api';
import { lightColor, lightLabel, remainingText } from '../format';

export function LightTag({ light, overdue }: { light: Light; overdue?: boolean }) {
  return (
    <Tag color={lightColor[light]} data-light={light}>
      {overdue ? '超期' : lightLabel[light]}
    </Tag>
  );
}

export function Remaining({ days }: { days: number | null | undefined }) {
  const text = remainingText(days);
  return <span style={days !== null && days !== undefined && days < 0 ? { color: '#cf1322' } : undefined}>{text}</span>;
}

/** A query's three non-data states, the same everywhere. */
export function QueryView<T>({
  query,
  empty,
  isEmpty,
  compact,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  empty?: string;
  isEmpty?: (data: T) => boolean;
  /** A one-line empty state, for sections below the fold of a 768-pixel-high screen. */
  compact?: boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Spin tip="正在加载…" size="large"><div style={{ minHeight: 120 }} /></Spin>;
  if (query.isError) {
    if (isProblem(query.error) && query.error.status === 403) return <Forbidden detail={problemText(query.error)} />;
    return (
      <Alert
        type="error"
        showIcon
        message="加载失败"
        description={problemText(query.error)}
        action={<Button onClick={() => void query.refetch()}>重试</Button>}
      />
    );
  }
  const data = query.data as T;
  if (isEmpty?.(data)) return compact ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? '暂无数据'} style={{ margin: 0 }} styles={{ image: { height: 28 } }} /> : <Empty description={empty ?? '暂无数据'} />;
  return <>{children(data)}</>;
}

export function Forbidden({ detail }: { detail?: string }) {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={detail ?? '您没有查看或办理此事项的权限。'}
      extra={<Button type="primary" onClick={() => void navigate('/')}>返回工作台</Button>}
    />
  );
}

/** JSON Pointer '/materials/0/name' → antd name path ['materials', 0, 'name']. */
export function pointerToNamePath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts each field error of a problem next to the field its pointer names; returns the message for
 * errors no field of this form shows (the caller displays it above the form), or undefined.
 */
export function applyProblem(form: FormInstance, error: unknown, mapPointer: (path: (string | number)[]) => (string | number)[] = (p) => p): string | undefined {
  if (!isProblem(error)) return problemText(error);
  const fieldErrors: { name: (string | number)[]; errors: string[] }[] = [];
  const unplaced: string[] = [];
  for (const e of error.errors ?? []) {
    const name = e.pointer ? mapPointer(pointerToNamePath(e.pointer)) : [];
    // A rendered field registers an instance under its name path; anything else is shown above the form.
    if (name.length > 0 && form.getFieldInstance(name as never) !== undefined) fieldErrors.push({ name, errors: [e.message] });
    else unplaced.push(e.message);
  }
  if (fieldErrors.length > 0) form.setFields(fieldErrors as never);
  if (fieldErrors.length > 0 && unplaced.length === 0) return undefined;
  return [problemText(error), ...unplaced].join('；');
}

export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <Alert type="error" showIcon message={message} style={{ marginBottom: 16 }} role="alert" />;
}
