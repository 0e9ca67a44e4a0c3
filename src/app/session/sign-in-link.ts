/** Signing in again, then back to `returnTo` (the server keeps only a path of this site: safeReturnPath). */
export function signInHref(returnTo: string, audience: 'citizen' | 'agent' = 'citizen'): string {
  return `${audience === 'agent' ? '/agent/auth/login' : '/auth/login'}?return=${encodeURIComponent(returnTo)}`;
}
