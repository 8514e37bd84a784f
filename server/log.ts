/** A small structured logger: one JSON line per entry, personal data redacted unless debug. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  debug(message: string, fields?: Record<string, unknown>): void
}

const EMAIL = /([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g
const PHONE = /\+?\d[\d\s().-]{6,}\d/g

/** Hides an email's local part and a phone number's middle digits. */
export function redact(text: string): string {
  return text
    .replace(EMAIL, (_all, _local: string, domain: string) => `***@${domain}`)
    .replace(PHONE, (phone) => {
      const digits = phone.replace(/\D/g, '')
      return digits.length < 7 ? phone : `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`
    })
}

/** A logger writing JSON lines to `write` (stderr by default). */
export function createLogger(options: { debug: boolean; write?: (line: string) => void; clock?: () => number }): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const clock = options.clock ?? Date.now
  const emit = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const line = JSON.stringify({ time: new Date(clock()).toISOString(), level, message, ...fields })
    write(options.debug ? line : redact(line))
  }
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    debug: (message, fields) => (options.debug ? emit('debug', message, fields) : undefined),
  }
}
