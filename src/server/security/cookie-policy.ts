import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * One place decides how cookies are named and flagged. On https they get the `__Host-` prefix
 * (Secure, no Domain, Path=/), which no other site or subdomain can forge; on http://localhost,
 * where browsers refuse that prefix, they keep their plain name.
 */
export interface CookiePolicy {
  name(base: string): string;
  attributes: CookieSerializeOptions;
}

export function cookiePolicy(publicUrl: URL): CookiePolicy {
  const https = publicUrl.protocol === 'https:';
  // Browsers treat localhost as a secure context and accept Secure cookies over plain http there.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);
  return {
    name: (base) => (https ? `__Host-${base}` : base),
    attributes: { path: '/', secure: https || loopback, httpOnly: true, sameSite: 'lax' },
  };
}
