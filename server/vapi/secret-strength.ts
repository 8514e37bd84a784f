export const MIN_SECRET_LENGTH = 32

/**
 * Why a webhook secret is too weak, or null when it is fine: at least 32 characters, and enough
 * different characters that it cannot be a word or a repeated pattern.
 */
export function secretWeakness(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} random characters`
  if (new Set(secret).size < 12) return 'must be random (too few different characters)'
  return null
}
