/** What the Electron preload exposes to the window (absent in a browser). */
interface SlotlineBridge {
  controlUrl: string
  controlToken: string
}

interface Window {
  slotline?: SlotlineBridge
}

declare module '*.css'
