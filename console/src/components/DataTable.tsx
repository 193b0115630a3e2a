/** The console's tables: compact rows, 12 per page (fits 1366×768), no pager for a single page. */
import { Table, type TableProps } from 'antd';

export function DataTable<T extends object>(props: TableProps<T>) {
  return <Table<T> size="small" pagination={{ pageSize: 12, hideOnSinglePage: true }} {...props} />;
}
