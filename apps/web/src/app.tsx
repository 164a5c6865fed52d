// Theme, locale and routes: which page each address shows, and who may see it.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Role } from '@linli/contracts';
import { hasRole, useSession } from './lib/session.tsx';
import { LiveProvider } from './lib/live.tsx';
import { setFeedback } from './lib/feedback.ts';
import { themeFor } from './lib/theme.ts';
import { PageLoading, Forbidden, NotFound } from './components/states.tsx';
import { PageErrorBoundary } from './components/error-boundary.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { NewPasswordPage } from './features/auth/new-password-page.tsx';
import { COMMUNITY_ROLES, OVERVIEW_ROLES } from './shell/nav.tsx';
import { MODULES } from './features/modules.tsx';

// Everything behind the login loads on demand, so the login screen (first load) stays light.
const AppShell = lazy(() => import('./shell/app-shell.tsx').then((m) => ({ default: m.AppShell })));
const HomePage = lazy(() => import('./features/home/home-page.tsx').then((m) => ({ default: m.HomePage })));
const OverviewPage = lazy(() => import('./features/overview/overview-page.tsx'));
const CommunityPage = lazy(() => import('./features/community/community-page.tsx'));
const MyRecordPage = lazy(() => import('./features/me/my-record-page.tsx'));
const UsersPage = lazy(() => import('./features/admin/users-page.tsx'));
const AuditPage = lazy(() => import('./features/admin/audit-page.tsx'));
const NotificationsPage = lazy(() => import('./features/notifications/notifications-page.tsx'));
const SettingsPage = lazy(() => import('./features/settings/settings-page.tsx'));
const VerifyPage = lazy(() => import('./features/proofs/verify-page.tsx'));

function FeedbackBridge() {
  const app = AntApp.useApp();
  useEffect(() => setFeedback(app), [app]);
  return null;
}

export function ThemedApp() {
  const { locale, elderMode } = useSession();
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enUSLocale} theme={themeFor(elderMode)} componentSize={elderMode ? 'large' : undefined}>
      <AntApp>
        <FeedbackBridge />
        <BrowserRouter>
          <LiveProvider>
            <AppRoutes />
          </LiveProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { status, me } = useSession();
  const location = useLocation();
  if (status === 'loading') return <PageLoading full />;
  if (status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me?.mustChangePassword) return <NewPasswordPage />;
  return <>{children}</>;
}

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { me } = useSession();
  return hasRole(me, ...roles) ? <>{children}</> : <Forbidden />;
}

function Lazy({ children }: { children: ReactNode }) {
  const location = useLocation();
  return (
    // Keyed by path so moving to another page clears a failure.
    <PageErrorBoundary key={location.pathname}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/verify" element={<Lazy><VerifyPage /></Lazy>} />
      <Route
        element={
          <RequireAuth>
            <PageErrorBoundary>
              <Suspense fallback={<PageLoading full />}>
                <AppShell />
              </Suspense>
            </PageErrorBoundary>
          </RequireAuth>
        }
      >
        <Route
          index
          element={
            <Lazy>
              <HomePage />
            </Lazy>
          }
        />
        <Route
          path="overview"
          element={
            <RequireRole roles={OVERVIEW_ROLES}>
              <Lazy>
                <OverviewPage />
              </Lazy>
            </RequireRole>
          }
        />
        <Route
          path="community/:areaId?"
          element={
            <RequireRole roles={COMMUNITY_ROLES}>
              <Lazy>
                <CommunityPage />
              </Lazy>
            </RequireRole>
          }
        />
        <Route
          path="me"
          element={
            <Lazy>
              <MyRecordPage />
            </Lazy>
          }
        />
        <Route
          path="admin/users"
          element={
            <RequireRole roles={['district_admin']}>
              <Lazy>
                <UsersPage />
              </Lazy>
            </RequireRole>
          }
        />
        <Route
          path="admin/audit"
          element={
            <RequireRole roles={['district_admin']}>
              <Lazy>
                <AuditPage />
              </Lazy>
            </RequireRole>
          }
        />
        <Route
          path="notifications"
          element={
            <Lazy>
              <NotificationsPage />
            </Lazy>
          }
        />
        <Route
          path="settings"
          element={
            <Lazy>
              <SettingsPage />
            </Lazy>
          }
        />
        {MODULES.flatMap((m) =>
          m.routes.map((r) => {
            const Page = r.page;
            const page = (
              <Lazy>
                <Page />
              </Lazy>
            );
            return <Route key={`${m.key}:${r.path}`} path={r.path} element={r.roles ? <RequireRole roles={r.roles}>{page}</RequireRole> : page} />;
          }),
        )}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
