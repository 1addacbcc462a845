// Tokens: when a JWT expires (read from its payload, never verified here), and when to refresh it. Tokens are
// never logged.

/** The `exp` of a JWT as epoch milliseconds, or null for a token that is not a readable JWT. */
export function tokenExpiry(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = JSON.parse(base64UrlDecode(parts[1]));
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * How long to wait before refreshing a token that expires at `expiresAt`: `before` ahead of it, but never
 * later than two thirds of the remaining life (short tokens), and never negative.
 */
export function refreshDelay(expiresAt, now, before) {
  const remaining = expiresAt - now;
  return Math.max(0, Math.min(remaining - before, Math.floor((remaining * 2) / 3)));
}

function base64UrlDecode(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
