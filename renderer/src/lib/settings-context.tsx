import { createContext, useContext } from 'react'
import type { Settings } from '../api/types.ts'

export interface SettingsState {
  settings: Settings
  /** Replaces the shared copy after a successful save. */
  setSettings: (settings: Settings) => void
}

export const SettingsContext = createContext<SettingsState | null>(null)

/** The consultant's settings, loaded once by the app shell. */
export function useSettings(): SettingsState {
  const state = useContext(SettingsContext)
  if (!state) throw new Error('useSettings outside the app shell')
  return state
}
