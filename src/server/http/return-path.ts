const siteOrigin = 'https://guichet.invalid';

/**
 * The one place that decides where a user-supplied return path (`?return=`, the path kept in a
 * sign-in) may send the browser: a path of this site only, normalised as a browser reads it, or
 * `fallback`. The URL parser resolves it against a stand-in origin, so tabs, newlines,
 * backslashes, dot segments and their encodings count exactly as they would in a browser; the
 * result must then still be a single-slash path ("/..//evil.example" normalises to
 * "//evil.example", which a browser reads as another host) that reads the same when parsed again.
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  const path = sitePath(value);
  if (path === undefined || !path.startsWith('/') || path.startsWith('//')) return fallback;
  return sitePath(path) === path ? path : fallback;
}

function sitePath(value: string): string | undefined {
  const url = URL.parse(value, siteOrigin);
  return url?.origin === siteOrigin ? `${url.pathname}${url.search}${url.hash}` : undefined;
}
