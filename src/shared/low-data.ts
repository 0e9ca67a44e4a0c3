/**
 * Low-data mode: no images, no prefetching, nothing loaded ahead "in case". Asked for by the
 * browser (`Save-Data: on`, `navigator.connection.saveData`) or by the citizen's own switch, which
 * is kept in this cookie so the server can answer lighter pages too.
 */
export const lowDataCookie = 'low-data';

/** The citizen's switch wins over the browser's hint, both ways. */
export function wantsLowData(saveDataHeader: unknown, cookieValue: unknown): boolean {
  if (cookieValue === 'on') return true;
  if (cookieValue === 'off') return false;
  return typeof saveDataHeader === 'string' && saveDataHeader.trim().toLowerCase() === 'on';
}

/** The attribute on <html> that the CSS (and any component) reads. */
export const lowDataAttribute = 'data-low-data';
