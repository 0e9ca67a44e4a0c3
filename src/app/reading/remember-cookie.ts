/** The same cookies the server's /language, /reading and /read-aloud links set, so both paths agree. */
export function rememberCookie(name: string, value: string): void {
  document.cookie = `${name}=${value}; Path=/; Max-Age=31536000; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
}
