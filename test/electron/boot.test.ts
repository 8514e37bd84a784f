// The boot sequence with Electron doubles and a stand-in for startSlotline.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { bootApp, type BootDeps, type SlotlineHandle } from '../../electron/boot.ts'
import type { BookingSummary } from '../../electron/notify-booking.ts'
import { bookingNotice } from '../../electron/notify-booking.ts'
import type { TrayStatus } from '../../electron/tray.ts'
import { fakeElectron, fakeEvent, FakeNotification, FakeTray, FakeWindow } from './doubles.ts'

class FakeTunnel extends EventEmitter<{ change: [TrayStatus] }> {
  current: TrayStatus = { state: 'starting', url: null, error: null }
  state(): TrayStatus {
    return this.current
  }
  set(next: TrayStatus): void {
    this.current = next
    this.emit('change', next)
  }
}

interface TestSlotline extends SlotlineHandle {
  bus: EventEmitter
  stops: number
  bookings: Map<string, BookingSummary>
}

function slotlineDouble(): TestSlotline & { tunnel: FakeTunnel } {
  const handle = {
    controlUrl: 'http://127.0.0.1:48788/',
    controlToken: 'control-token-abc',
    bus: new EventEmitter(),
    stops: 0,
    bookings: new Map<string, BookingSummary>(),
    tunnel: new FakeTunnel(),
    async stop() {
      handle.stops++
    },
  }
  return handle
}

function deps(slotline: TestSlotline, overrides: Partial<BootDeps<TestSlotline>> = {}): BootDeps<TestSlotline> {
  return {
    start: async () => slotline,
    preloadPath: '/app/out/preload/index.cjs',
    iconPath: '/app/resources/tray.png',
    externalOrigins: [],
    bookingSummary: (s, id) => s.bookings.get(id),
    ...overrides,
  }
}

const labels = (tray: FakeTray | undefined): string[] => (tray?.menu ?? []).map((item) => item.label ?? `(${item.type})`)

describe('bootApp', () => {
  it('quits at once when another instance holds the lock, starting nothing', async () => {
    const { api, app } = fakeElectron()
    app.lock = false
    let started = false
    const result = await bootApp(api, deps(slotlineDouble(), { start: async () => ((started = true), slotlineDouble()) }))
    expect(result).toBeNull()
    expect(app.quitCalls).toBe(1)
    expect(started).toBe(false)
    expect(FakeWindow.created).toHaveLength(0)
  })

  it('opens one secure window on the control URL with the token passed through the preload, never the URL', async () => {
    const { api } = fakeElectron()
    const slotline = slotlineDouble()
    const booted = await bootApp(api, deps(slotline))
    expect(booted?.slotline).toBe(slotline)
    const [window] = FakeWindow.created
    expect(FakeWindow.created).toHaveLength(1)
    expect(window?.loaded).toBe('http://127.0.0.1:48788/')
    expect(window?.loaded).not.toContain('control-token-abc')
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(window?.options.webPreferences?.additionalArguments).toContain('--slotline-control-token=control-token-abc')
  })

  it('focuses the existing window on a second instance; closing the window hides it', async () => {
    const { api, app } = fakeElectron()
    await bootApp(api, deps(slotlineDouble()))
    const window = FakeWindow.created[0]
    app.emit('second-instance')
    expect(window?.visible).toBe(true)
    expect(window?.focused).toBe(1)
    const close = fakeEvent()
    window?.emit('close', close)
    expect(close.defaultPrevented).toBe(true)
    expect(window?.visible).toBe(false)
  })

  it('shows a dialog and exits 1 when the server cannot start', async () => {
    const { api, app, errors } = fakeElectron()
    const result = await bootApp(api, deps(slotlineDouble(), { start: async () => { throw new Error('Invalid setting SLOTLINE_CONTROL_PORT: too big') } }))
    expect(result).toBeNull()
    expect(errors).toEqual(['Slotline could not start: Invalid setting SLOTLINE_CONTROL_PORT: too big'])
    expect(app.exitCodes).toEqual([1])
  })

  it('the tray follows the tunnel state and toggles open-at-login', async () => {
    const { api, app } = fakeElectron()
    const slotline = slotlineDouble()
    await bootApp(api, deps(slotline))
    const tray = FakeTray.created[0]
    expect(labels(tray)).toEqual(['Connecting the tunnel…', '(separator)', 'Open Slotline', 'Open at login', '(separator)', 'Quit Slotline'])
    slotline.tunnel.set({ state: 'up', url: 'https://quiet-river.trycloudflare.com', error: null })
    expect(labels(tray)[0]).toBe('Reachable at quiet-river.trycloudflare.com')
    expect(tray?.tooltip).toBe('Slotline: Reachable at quiet-river.trycloudflare.com')
    const toggle = tray?.menu.find((item) => item.label === 'Open at login')
    toggle?.click?.({ checked: true } as never, undefined, {} as never)
    expect(app.openAtLogin).toBe(true)
  })

  it('notifies confirmed and cancelled bookings, not pending ones', async () => {
    const { api } = fakeElectron()
    const slotline = slotlineDouble()
    slotline.bookings.set('b1', { title: 'Intro call with Sam', start_at: Date.parse('2026-12-01T15:00:00Z'), attendee_email: 'sam@example.com', attendee_name: 'Sam Ortiz' })
    await bootApp(api, deps(slotline))
    slotline.bus.emit('booking', { bookingId: 'b1', status: 'pending' })
    slotline.bus.emit('booking', { bookingId: 'b1', status: 'confirmed' })
    slotline.bus.emit('booking', { bookingId: 'b1', status: 'cancelled' })
    slotline.bus.emit('booking', { bookingId: 'unknown', status: 'confirmed' })
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Meeting booked: Intro call with Sam', 'Meeting cancelled: Intro call with Sam'])
    expect(bookingNotice({ bookingId: 'b1', status: 'confirmed' }, slotline.bookings.get('b1'), 'America/New_York')?.body).toBe('Tue, Dec 1, 10:00 AM with Sam Ortiz')
  })

  it('on quit: holds the quit, stops the server once, then exits 0', async () => {
    const { api, app } = fakeElectron()
    const slotline = slotlineDouble()
    const booted = await bootApp(api, deps(slotline))
    const first = fakeEvent()
    app.emit('before-quit', first)
    app.emit('before-quit', fakeEvent())
    expect(first.defaultPrevented).toBe(true)
    await booted?.stopped()
    expect(slotline.stops).toBe(1)
    expect(app.exitCodes).toEqual([0])
    expect(FakeTray.created[0]?.destroyed).toBe(true)
    // While quitting, closing the window is no longer turned into a hide.
    const close = fakeEvent()
    FakeWindow.created[0]?.emit('close', close)
    expect(close.defaultPrevented).toBe(false)
  })
})
