/**
 * A strict policy: our own scripts only (no inline script at all), inline CSS only when its hash
 * is known (the critical CSS of every page), nothing framed, forms posted only to us — and to the
 * identity providers, because signing out is a form post that the browser follows to their site.
 */
export function contentSecurityPolicy(
  publicUrl: URL,
  styleHashes: string[],
  identityProviders: string[] = [],
): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", ...styleHashes],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'none'"],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    workerSrc: ["'self'"],
    formAction: ["'self'", ...identityProviders],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
    scriptSrcAttr: ["'none'"],
    upgradeInsecureRequests: publicUrl.protocol === 'https:' ? [] : null,
  };
}
