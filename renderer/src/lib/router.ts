import { useEffect, useState } from 'react'

export type Route =
  | { page: 'home' }
  | { page: 'calendar' }
  | { page: 'rules' }
  | { page: 'tester' }
  | { page: 'vapi' }
  | { page: 'meetings' }
  | { page: 'calls' }
  | { page: 'call'; id: string }
  | { page: 'insights' }

const pages = ['calendar', 'rules', 'tester', 'vapi', 'meetings', 'calls', 'insights'] as const

/** Reads the route from the hash (`#/calls/<id>`); anything unknown is home. */
export function parseRoute(hash: string): Route {
  const [page, id] = hash.replace(/^#\/?/, '').split('/')
  if (page === 'calls' && id) return { page: 'call', id: decodeURIComponent(id) }
  const known = pages.find((name) => name === page)
  return known ? { page: known } : { page: 'home' }
}

/** The hash of a route, for links. */
export function href(route: Route): string {
  if (route.page === 'call') return `#/calls/${encodeURIComponent(route.id)}`
  return route.page === 'home' ? '#/' : `#/${route.page}`
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
