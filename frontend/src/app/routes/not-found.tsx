import { Link } from 'react-router'

export function NotFoundRoute() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </>
  )
}
