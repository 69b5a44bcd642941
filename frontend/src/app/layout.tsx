import { NavLink, Outlet, useNavigate } from 'react-router'
import { useIsReviewer, useLogout, useUser } from '@/lib/auth'

/** Top bar shared by every signed-in page: who you are, where you can go, and logout. */
export function Layout() {
  const { data: user } = useUser()
  const reviews = useIsReviewer()
  const logout = useLogout()
  const navigate = useNavigate()

  return (
    <>
      <header className="topbar">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <span className="brand">Radloop</span>
        {user && (
          <nav aria-label="Main">
            {(user.role === 'lead' || user.role === 'admin') && <NavLink to="/projects">Projects</NavLink>}
            {(user.role === 'radiologist' || user.role === 'lead') && <NavLink to="/queue">Queue</NavLink>}
            {reviews && <NavLink to="/review">Review</NavLink>}
            {user.role === 'admin' && (
              <NavLink to="/admin" end>
                Dashboard
              </NavLink>
            )}
            {user.role === 'admin' && <NavLink to="/admin/audit">Audit log</NavLink>}
            {user.role === 'admin' && <NavLink to="/admin/users">Users</NavLink>}
            <NavLink to="/account">Account</NavLink>
          </nav>
        )}
        {user && (
          <div className="user-box" data-testid="current-user">
            <span>
              {user.username} <span className="role">({user.role})</span>
            </span>
            <button
              type="button"
              onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
            >
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  )
}
