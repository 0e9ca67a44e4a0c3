import type { Page } from 'playwright-core';

/** WCAG's text-spacing override (1.4.12), over the page's own styles, with text at 200 % (1.4.4). */
const largeSpacedText = `
  html { font-size: 200% !important; }
  * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-block-end: 2em !important; }
`;

/**
 * What a reader loses on the page as it is, with text at 200 % and WCAG's text spacing: sideways
 * scroll, text clipped by a box that hides its overflow, text drawn over other text. The override
 * is a constructed stylesheet (CSSOM, which the page's CSP allows, unlike a style tag), removed after.
 */
export async function reflowProblems(page: Page, label: string): Promise<string[]> {
  const found = await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const problems: string[] = [];
      if (document.documentElement.scrollWidth > innerWidth) problems.push(`scrolls sideways: ${document.documentElement.scrollWidth}px`);
      // Drawn: not hidden, nor inside a closed <details> (whose content keeps boxes but is not painted).
      const visible = (element: Element) =>
        element.checkVisibility({ visibilityProperty: true }) && !element.closest('.visually-hidden, .skip-link, [hidden]');
      // Clipped: a box that hides its overflow and holds more text than it shows.
      for (const element of document.querySelectorAll<HTMLElement>('body *')) {
        if (!visible(element) || !element.textContent?.trim()) continue;
        const style = getComputedStyle(element);
        const hides = [style.overflowX, style.overflowY].some((value) => value === 'hidden' || value === 'clip');
        if (hides && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)) {
          problems.push(`clipped: ${element.tagName.toLowerCase()}.${element.className}`);
        }
      }
      // Overlapping: two pieces of text drawn over one another. Each line of an inline element is
      // its own box: the bounding box of text that wraps would cover its neighbours' lines.
      const boxes = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter(
          (element) =>
            visible(element) && [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()),
        )
        .flatMap((element) => [...element.getClientRects()].map((box) => ({ element, box })));
      for (const [index, a] of boxes.entries()) {
        for (const b of boxes.slice(index + 1)) {
          if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
          const overlapX = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
          const overlapY = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
          if (overlapX > 2 && overlapY > 2) {
            problems.push(`overlap: "${a.element.textContent?.trim().slice(0, 25)}" / "${b.element.textContent?.trim().slice(0, 25)}"`);
          }
        }
      }
      return problems;
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    }
  }, largeSpacedText);
  return found.map((problem) => `${label} at 200 % with text spacing ${problem}`);
}
