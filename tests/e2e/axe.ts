import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

/** The tags every Guichet screen must pass with zero violations: WCAG 2.2 AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** The matrix adds axe's best practices (landmarks, heading order, one main…). */
export const wcagAndBestPractices = [...wcagTags, 'best-practice'];
/**
 * What a change of colours alone can break: the matrix runs every rule in light mode, then only
 * these in dark and forced colours (the same markup; the structure rules would only repeat).
 */
export const colourRules = { rules: ['color-contrast', 'link-in-text-block'] };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeInPage = { axe?: { run(context: Document, options: object): Promise<AxeResults> } };

/**
 * axe's violations on the page as it is now, as "rule: targets (help)" lines (empty when
 * accessible). axe-core is put into each document once, through the DevTools protocol (the app's
 * CSP forbids inline scripts; evaluation is not subject to it), then run as often as the test
 * asks: several times faster than @axe-core/playwright, which injects it again on every run and
 * finishes each run in a new page. The matrix runs it thousands of times.
 */
export async function accessibilityViolations(page: Page, only: string[] | { rules: string[] } = wcagTags): Promise<string[]> {
  const runOnly = Array.isArray(only) ? { type: 'tag', values: only } : { type: 'rule', values: only.rules };
  if (!(await page.evaluate(() => Boolean((window as AxeInPage).axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate((runOnly) => {
    const axe = (window as AxeInPage).axe;
    if (!axe) throw new Error('axe-core did not load');
    return axe.run(document, { runOnly, resultTypes: ['violations'] }).then((results) => results.violations);
  }, runOnly);
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${violation.help})`));
}
