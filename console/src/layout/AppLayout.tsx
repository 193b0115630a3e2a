/** The frame every workbench shares: the role's menu on the left, the officer and logout on top. */
import { Suspense, type ReactNode } from 'react';
import { App, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { problemText } from '../api';
import { roleLabel, useSession, type Role } from '../session';
import { NotificationsEntry } from '../first-inquiry/Entry';
import { InboxMenuLabel } from '../department/InboxBadge';

const menus: Record<Role, { key: string; label: ReactNode }[]> = {
  window: [
    { key: '/window/intake', label: '受理登记' },
    { key: '/window/projects', label: '项目查询' },
  ],
  department: [
    { key: '/dept/tasks', label: '审批队列' },
    { key: '/dept/inbox', label: <InboxMenuLabel /> },
    { key: '/dept/absences', label: '请假与代理' },
  ],
  department_head: [
    { key: '/dept/tasks', label: '审批队列' },
    { key: '/dept/inbox', label: <InboxMenuLabel /> },
    { key: '/dept/absences', label: '请假与代理' },
  ],
  agent: [{ key: '/agent/projects', label: '我的项目' }],
  supervisor: [
    { key: '/supervisor/board', label: '状态看板' },
    { key: '/supervisor/queue', label: '红灯与超期' },
    { key: '/supervisor/complaints', label: '效能投诉' },
    { key: '/supervisor/accountability', label: '责任追究' },
    { key: '/supervisor/statistics', label: '统计分析' },
    { key: '/supervisor/intermediaries', label: '中介服务绩效' },
    { key: '/supervisor/staffing', label: '人员缺位提醒' },
    { key: '/window/projects', label: '项目查询' },
  ],
  admin: [
    { key: '/admin/officers', label: '工作人员' },
    { key: '/admin/keys', label: '系统接入密钥' },
    { key: '/admin/calendar', label: '工作日历' },
    { key: '/admin/intermediaries', label: '中介机构' },
    { key: '/supervisor/intermediaries', label: '中介服务绩效' },
    { key: '/admin/first-inquiry-posts', label: '首问责任岗' },
    { key: '/window/projects', label: '项目查询' },
  ],
};

export function AppLayout() {
  const { session, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  if (!session) return null;
  const { officer } = session;
  const items = [...menus[officer.role], { key: '/account/password', label: '修改密码' }];
  const selected = items.filter((i) => location.pathname.startsWith(i.key)).map((i) => i.key);
  const unit = officer.departmentName ?? officer.servicePointName ?? '';

  const onLogout = async () => {
    try {
      await logout();
      void navigate('/login', { replace: true });
    } catch (e) {
      void message.error(problemText(e));
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={188} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 16px 8px', fontWeight: 700, color: '#b71c1c', fontSize: 16 }}>并联审批工作台</div>
        <div style={{ padding: '0 16px 12px', color: '#666', fontSize: 13 }}>{roleLabel[officer.role]}</div>
        <Menu mode="inline" selectedKeys={selected} items={items} onClick={(e) => void navigate(e.key)} aria-label="功能菜单" />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', borderBottom: '1px solid #f0f0f0', height: 52, lineHeight: '52px' }}>
          <Space style={{ float: 'right' }} size="middle">
            <NotificationsEntry />
            <Typography.Text data-testid="officer-name">
              {officer.name}
              {unit ? `（${unit}）` : ''}
            </Typography.Text>
            <Button onClick={() => void onLogout()}>退出登录</Button>
          </Space>
          <Typography.Text type="secondary">县政务服务中心 · 一门受理 并联审批 限时办结</Typography.Text>
        </Layout.Header>
        <Layout.Content style={{ padding: 20, overflow: 'auto' }}>
          <Suspense fallback={<Spin size="large" />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
