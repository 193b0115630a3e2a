/** Routes: one lazy chunk per workbench, so the first load carries only the login page and the layout. */
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Spin } from 'antd';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { Forbidden } from './components/common';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './pages/Login';
import { homeOf, useSession, type Role } from './session';

function page<M>(load: () => Promise<M>, name: keyof M): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const windowPages = () => import('./window/pages');
const Intake = page(windowPages, 'IntakePage');
const ProjectSearch = page(windowPages, 'ProjectSearchPage');
const ProjectDetail = page(() => import('./window/ProjectDetail'), 'ProjectDetailPage');
const TaskQueue = page(() => import('./department/Queue'), 'TaskQueuePage');
const TaskDetail = page(() => import('./department/TaskDetail'), 'TaskDetailPage');
const absencePages = () => import('./department/Absences');
const Absences = page(absencePages, 'AbsencesPage');
const Staffing = page(absencePages, 'StaffingPage');
const CoordinationInbox = page(() => import('./department/Inbox'), 'CoordinationInboxPage');
const supervisorPages = () => import('./supervisor/pages');
const Board = page(supervisorPages, 'BoardPage');
const RedQueue = page(supervisorPages, 'RedQueuePage');
const Complaints = page(() => import('./supervisor/Complaints'), 'ComplaintsPage');
const Accountability = page(supervisorPages, 'AccountabilityPage');
const Statistics = page(() => import('./supervisor/Statistics'), 'StatisticsPage');
const AgentProjects = page(() => import('./agent/MyProjects'), 'MyProjectsPage');
const adminPages = () => import('./admin/pages');
const Officers = page(adminPages, 'OfficersPage');
const ApiKeys = page(adminPages, 'ApiKeysPage');
const Calendar = page(adminPages, 'CalendarPage');
const intermediaryPages = () => import('./intermediary/pages');
const IntermediaryCatalogue = page(intermediaryPages, 'IntermediaryCataloguePage');
const IntermediaryPerformance = page(intermediaryPages, 'IntermediaryPerformancePage');
const firstInquiryPages = () => import('./first-inquiry/pages');
const Notifications = page(firstInquiryPages, 'NotificationsPage');
const FirstInquiryPosts = page(firstInquiryPages, 'FirstInquiryPostsPage');
const Password = page(() => import('./pages/Password'), 'PasswordPage');
const printPages = () => import('./print/documents');
const Receipt = page(printPages, 'ReceiptDocument');
const NoticeDoc = page(printPages, 'SupplementNoticeDocument');
const ReplyDoc = page(printPages, 'ReplyDocument');
const ExtensionDoc = page(() => import('./print/extension-notice'), 'ExtensionNoticeDocument');
const IntakeNoticeDoc = page(() => import('./print/intake-notice'), 'IntakeNoticeDocument');
const CountersignDoc = page(() => import('./print/countersign'), 'CountersignDocument');


const loading = <Spin size="large" tip="正在加载…"><div style={{ minHeight: 200 }} /></Spin>;

function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Allow({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session } = useSession();
  if (!session || !roles.includes(session.officer.role)) return <Forbidden />;
  return <Suspense fallback={loading}>{children}</Suspense>;
}

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? homeOf[session.officer.role] : '/login'} replace />;
}

const DEPT: Role[] = ['department', 'department_head'];
const VIEW_PROJECT: Role[] = ['window', 'agent', 'supervisor', 'admin'];

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/print" element={<RequireSession><Suspense fallback={loading}><PrintOutlet /></Suspense></RequireSession>}>
        <Route path="receipt/:projectId" element={<Receipt />} />
        <Route path="notice/:taskId" element={<NoticeDoc />} />
        <Route path="reply/:projectId" element={<ReplyDoc />} />
        <Route path="extension/:taskId" element={<ExtensionDoc />} />
        <Route path="intake-notice/:projectId" element={<IntakeNoticeDoc />} />
        <Route path="countersign/:countersignId" element={<CountersignDoc />} />
      </Route>
      <Route element={<RequireSession><AppLayout /></RequireSession>}>
        <Route index element={<Home />} />
        <Route path="window/intake" element={<Allow roles={['window']}><Intake /></Allow>} />
        <Route path="window/projects" element={<Allow roles={['window', 'supervisor', 'admin']}><ProjectSearch /></Allow>} />
        <Route path="projects/:projectId" element={<Allow roles={VIEW_PROJECT}><ProjectDetail /></Allow>} />
        <Route path="dept/tasks" element={<Allow roles={DEPT}><TaskQueue /></Allow>} />
        <Route path="dept/inbox" element={<Allow roles={DEPT}><CoordinationInbox /></Allow>} />
        <Route path="dept/absences" element={<Allow roles={DEPT}><Absences /></Allow>} />
        <Route path="supervisor/staffing" element={<Allow roles={['supervisor', 'admin']}><Staffing /></Allow>} />
        <Route path="tasks/:taskId" element={<Allow roles={[...DEPT, 'window', 'agent', 'supervisor', 'admin']}><TaskDetail /></Allow>} />
        <Route path="supervisor/board" element={<Allow roles={['supervisor', 'admin']}><Board /></Allow>} />
        <Route path="supervisor/queue" element={<Allow roles={['supervisor', 'admin']}><RedQueue /></Allow>} />
        <Route path="supervisor/complaints" element={<Allow roles={['supervisor', 'admin']}><Complaints /></Allow>} />
        <Route path="supervisor/accountability" element={<Allow roles={['supervisor', 'admin']}><Accountability /></Allow>} />
        <Route path="supervisor/statistics" element={<Allow roles={['supervisor', 'admin']}><Statistics /></Allow>} />
        <Route path="agent/projects" element={<Allow roles={['agent']}><AgentProjects /></Allow>} />
        <Route path="admin/officers" element={<Allow roles={['admin']}><Officers /></Allow>} />
        <Route path="admin/keys" element={<Allow roles={['admin']}><ApiKeys /></Allow>} />
        <Route path="admin/calendar" element={<Allow roles={['admin']}><Calendar /></Allow>} />
        <Route path="admin/intermediaries" element={<Allow roles={['admin']}><IntermediaryCatalogue /></Allow>} />
        <Route path="supervisor/intermediaries" element={<Allow roles={['supervisor', 'admin']}><IntermediaryPerformance /></Allow>} />
        <Route path="notifications" element={<Suspense fallback={loading}><Notifications /></Suspense>} />
        <Route path="admin/first-inquiry-posts" element={<Allow roles={['admin']}><FirstInquiryPosts /></Allow>} />
        <Route path="account/password" element={<Suspense fallback={loading}><Password /></Suspense>} />
        <Route path="*" element={<Forbidden detail="页面不存在，或您无权访问。" />} />
      </Route>
    </Routes>
  );
}

function PrintOutlet() {
  return <Outlet />;
}
