import { chromium } from 'playwright-core';
const css = `html { font-size: 200% !important; } * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'fr-FR' });
const page = await context.newPage();
for (const path of process.argv.slice(2)) {
  await page.goto('http://localhost:8099' + path, { waitUntil: 'networkidle' });
  const out = await page.evaluate((css) => {
    const sheet = new CSSStyleSheet(); sheet.replaceSync(css); document.adoptedStyleSheets = [sheet];
    const res: string[] = [`scrollWidth ${document.documentElement.scrollWidth}`];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1 && r.width > 0) {
        const parentOver = el.parentElement && el.parentElement.getBoundingClientRect().right > innerWidth + 1;
        if (!parentOver) res.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)} w=${Math.round(r.width)} "${(el.textContent||'').trim().slice(0,40)}"`);
      }
    }
    return res;
  }, css);
  console.log(path, out.join('\n  '));
}
await browser.close();
