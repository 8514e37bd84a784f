/**
 * Errors the HTTP layer turns into the contract's JSON. Anything else becomes a generic 500
 * without a stack.
 */
export class RequestError extends Error {
  readonly status: number
  readonly key: string | undefined
  constructor(status: number, message: string, key?: string) {
    super(message)
    this.name = 'RequestError'
    this.status = status
    this.key = key
  }
}

/** A 400 naming the offending key. */
export function invalid(key: string, message: string): RequestError {
  return new RequestError(400, `${key}: ${message}`, key)
}
