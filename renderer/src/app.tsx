import { lazy, Suspense, useEffect, useState } from 'react'
import { api } from './api/client.ts'
import type { Settings } from './api/types.ts'
import { ErrorBox, Loading } from './components/common.tsx'
import { href, useRoute, type Route } from './lib/router.ts'
import { SettingsContext } from './lib/settings-context.tsx'
import { useLoad } from './lib/use-load.ts'
import { CallDetailScreen } from './screens/call-detail-screen.tsx'
import { CallsScreen } from './screens/calls-screen.tsx'
import { MeetingsScreen } from './screens/meetings-screen.tsx'
import { CalendarScreen } from './screens/calendar-screen.tsx'
import { HomeScreen } from './screens/home-screen.tsx'
import { RulesScreen } from './screens/rules-screen.tsx'
import { TesterScreen } from './screens/tester-screen.tsx'
import { VapiScreen } from './screens/vapi-screen.tsx'

// The charts library is large: loaded only when Insights opens.
const InsightsScreen = lazy(() => import('./screens/insights-screen.tsx').then((module) => ({ default: module.InsightsScreen })))

const nav: { route: Route; label: string }[] = [
  { route: { page: 'home' }, label: 'Status' },
  { route: { page: 'calendar' }, label: 'Calendar' },
  { route: { page: 'rules' }, label: 'Availability rules' },
  { route: { page: 'tester' }, label: 'Availability tester' },
  { route: { page: 'vapi' }, label: 'Vapi setup' },
  { route: { page: 'meetings' }, label: 'Meetings' },
  { route: { page: 'calls' }, label: 'Call log' },
  { route: { page: 'insights' }, label: 'Insights' },
]

/** The window: a side navigation and one screen, chosen by the URL hash. */
export function App({ hasToken }: { hasToken: boolean }) {
  const route = useRoute()
  const loaded = useLoad((signal) => api.settings(signal), [])
  const [settings, setSettings] = useState<Settings>()
  useEffect(() => {
    if (loaded.data) setSettings(loaded.data)
  }, [loaded.data])
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true })
  }, [route.page])

  const current = route.page === 'call' ? 'calls' : route.page
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark" /> Slotline
        </div>
        <ul>
          {nav.map((item) => (
            <li key={item.route.page}>
              <a href={href(item.route)} aria-current={item.route.page === current ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content">
        {!hasToken ? (
          <ErrorBox error="This page has no access token. Open the link Slotline printed when it started (it ends in #token=…)." />
        ) : loaded.error && !settings ? (
          <ErrorBox error={loaded.error} retry={loaded.reload} />
        ) : !settings ? (
          <Loading label="Loading settings…" minHeight={300} />
        ) : (
          <SettingsContext.Provider value={{ settings, setSettings }}>
            <Screen route={route} />
          </SettingsContext.Provider>
        )}
      </main>
    </div>
  )
}

function Screen({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomeScreen />
    case 'calendar':
      return <CalendarScreen />
    case 'rules':
      return <RulesScreen />
    case 'tester':
      return <TesterScreen />
    case 'vapi':
      return <VapiScreen />
    case 'meetings':
      return <MeetingsScreen />
    case 'calls':
      return <CallsScreen />
    case 'call':
      return <CallDetailScreen id={route.id} />
    case 'insights':
      return (
        <Suspense fallback={<Loading minHeight={600} />}>
          <InsightsScreen />
        </Suspense>
      )
  }
}
