import { lazy, Suspense } from 'react'
import { createBrowserRouter, RouterProvider } from 'react-router'
import { RequireAuth } from '@/lib/auth'
import { Layout } from './layout'
import { AccountRoute } from './routes/account'
import { AdminRoute, AuditRoute, ProjectDashboardRoute, UsersRoute } from './routes/admin'
import { HomeRoute } from './routes/home'
import { LoginRoute } from './routes/login'
import { NotFoundRoute } from './routes/not-found'
import { PacsImportRoute } from './routes/pacs-import'
import { ProjectDetailRoute } from './routes/project-detail'
import { ProjectsRoute } from './routes/projects'
import { QueueRoute } from './routes/queue'
import { ReviewQueueRoute } from './routes/review-queue'

// The viewer pulls in NiiVue (~1 MB); only the pages with a viewer load it.
const AnnotateRoute = lazy(() => import('./routes/annotate').then((m) => ({ default: m.AnnotateRoute })))
const PatientRoute = lazy(() => import('./routes/patient').then((m) => ({ default: m.PatientRoute })))
const ReviewRoute = lazy(() => import('./routes/review').then((m) => ({ default: m.ReviewRoute })))
const CorrectGroundTruthRoute = lazy(() =>
  import('./routes/correct-ground-truth').then((m) => ({ default: m.CorrectGroundTruthRoute })),
)

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/login', element: <LoginRoute /> },
      {
        path: '/',
        element: (
          <RequireAuth>
            <HomeRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/projects',
        element: (
          <RequireAuth roles={['lead', 'admin']}>
            <ProjectsRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/projects/:projectId',
        element: (
          <RequireAuth roles={['lead', 'admin']}>
            <ProjectDetailRoute />
          </RequireAuth>
        ),
      },
      {
        // Read-only for any member of the project (the API checks membership): reserves nothing.
        path: '/projects/:projectId/patients/:patientId',
        element: (
          <RequireAuth>
            <Suspense fallback={<p role="status">Loading viewer…</p>}>
              <PatientRoute />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        path: '/projects/:projectId/pacs',
        element: (
          <RequireAuth roles={['lead', 'admin']}>
            <PacsImportRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/queue',
        element: (
          <RequireAuth roles={['radiologist', 'lead']}>
            <QueueRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/annotate/:patientId',
        element: (
          <RequireAuth roles={['radiologist', 'lead']}>
            <Suspense fallback={<p role="status">Loading viewer…</p>}>
              <AnnotateRoute />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        // Any role: who reviews which project is the server's answer (leads, admins, radiologists marked reviewer).
        path: '/review',
        element: (
          <RequireAuth>
            <ReviewQueueRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/review/:patientId',
        element: (
          <RequireAuth>
            <Suspense fallback={<p role="status">Loading viewer…</p>}>
              <ReviewRoute />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        path: '/patients/:patientId/ground-truth',
        element: (
          <RequireAuth roles={['lead', 'admin']}>
            <Suspense fallback={<p role="status">Loading viewer…</p>}>
              <CorrectGroundTruthRoute />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        path: '/account',
        element: (
          <RequireAuth>
            <AccountRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/admin',
        element: (
          <RequireAuth roles={['admin']}>
            <AdminRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/admin/audit',
        element: (
          <RequireAuth roles={['admin']}>
            <AuditRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/admin/users',
        element: (
          <RequireAuth roles={['admin']}>
            <UsersRoute />
          </RequireAuth>
        ),
      },
      {
        path: '/projects/:projectId/dashboard',
        element: (
          <RequireAuth roles={['lead', 'admin']}>
            <ProjectDashboardRoute />
          </RequireAuth>
        ),
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
])

export function AppRouter() {
  return <RouterProvider router={router} />
}
