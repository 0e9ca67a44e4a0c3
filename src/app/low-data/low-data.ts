import { lowDataAttribute, lowDataCookie, wantsLowData } from '../../shared/low-data.ts';

/** The citizen's own choice, if they made one ('on' / 'off'), from the cookie the server reads too. */
function chosen(): string | undefined {
  return new RegExp(`(?:^|;\\s*)${lowDataCookie}=(on|off)`).exec(document.cookie)?.[1];
}

/** Whether to save data now: the citizen's switch, else the browser's Save-Data preference. */
export function isLowData(): boolean {
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  return wantsLowData(saveData ? 'on' : undefined, chosen());
}

/**
 * Marks the page, so the CSS hides images. The server marks the pages it sends from the Save-Data
 * header, which a page cannot always see: only the citizen's "off" removes its mark.
 */
export function applyLowData(): void {
  if (isLowData()) document.documentElement.setAttribute(lowDataAttribute, 'on');
  else if (chosen() === 'off') document.documentElement.removeAttribute(lowDataAttribute);
}

export function setLowData(on: boolean): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${lowDataCookie}=${on ? 'on' : 'off'}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  applyLowData();
}
