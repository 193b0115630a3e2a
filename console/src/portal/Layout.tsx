/** The public portal's frame: a header, a navigation that wraps on a phone, and the pages. */
import { lazy, Suspense, type ReactNode } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { Result, Spin } from 'antd';

// Each page loads on demand, so a phone on a slow network downloads only the page it opens (budget: scripts/console-build.ts).
const GuidePage = lazy(() => import('./Guide').then((m) => ({ default: m.GuidePage })));
const FlowPage = lazy(() => import('./FlowForecast').then((m) => ({ default: m.FlowPage })));
const ProgressPage = lazy(() => import('./Progress').then((m) => ({ default: m.ProgressPage })));
const ComplaintsPage = lazy(() => import('./Complaints').then((m) => ({ default: m.ComplaintsPage })));
const NoticesPage = lazy(() => import('./Complaints').then((m) => ({ default: m.NoticesPage })));
const PerformancePage = lazy(() => import('./Rating').then((m) => ({ default: m.PerformancePage })));
const RatingPage = lazy(() => import('./Rating').then((m) => ({ default: m.RatingPage })));

const NAV: { to: string; label: string }[] = [
  { to: '/', label: '办事指南' },
  { to: '/flow', label: '流程引导图与预计办结' },
  { to: '/progress', label: '办理进度查询' },
  { to: '/complaints', label: '效能投诉' },
  { to: '/notices', label: '通报' },
  { to: '/performance', label: '效能公示' },
];

function Frame({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="portal-header">
        <h1>蓬溪县投资项目并联审批</h1>
        <div className="sub">政务服务中心 · 公开服务（无需登录）</div>
      </header>
      <nav className="portal-nav" aria-label="公开服务">
        {NAV.map((n) => (
          <NavLink key={n.to} to={n.to} end className={({ isActive }) => (isActive ? 'active' : '')}>
            {n.label}
          </NavLink>
        ))}
      </nav>
      <main className="portal-main">
        <Suspense fallback={<Spin size="large" tip="正在加载…"><div style={{ height: 120 }} /></Spin>}>{children}</Suspense>
      </main>
      <footer className="portal-footer">蓬溪县政务服务中心 · 法定办理时限与承诺办理时限公示</footer>
    </>
  );
}

export function PortalRoutes() {
  return (
    <Frame>
      <Routes>
        <Route path="/" element={<GuidePage />} />
        <Route path="/flow" element={<FlowPage />} />
        <Route path="/progress" element={<ProgressPage />} />
        <Route path="/complaints" element={<ComplaintsPage />} />
        <Route path="/notices" element={<NoticesPage />} />
        <Route path="/performance" element={<PerformancePage />} />
        <Route path="/rate" element={<RatingPage />} />
        <Route path="*" element={<Result status="404" title="页面不存在" subTitle="请从上方导航进入" />} />
      </Routes>
    </Frame>
  );
}
