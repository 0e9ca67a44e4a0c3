import type { Browser, Page } from 'playwright-core';
import { openPage } from '../support/browser.ts';
import { accessibilityViolations, wcagAndBestPractices } from './axe.ts';

/**
 * axe on pages whose context has JavaScript off. axe is a script, so it cannot run there: each
 * document the page receives is kept as the server sent it, and checked in a page of its own with
 * JavaScript on, the app's scripts taken out (so what axe sees is what the citizen without
 * JavaScript gets), its styles and images loaded from the server as usual. WCAG 2.2 AA and axe's
 * best practices, as the accessibility matrix checks.
 */
export async function noScriptAccessibility(browser: Browser, page: Page): Promise<(label: string) => Promise<string[]>> {
  let last: Promise<{ url: string; html: string }> | undefined;
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' || (response.status() >= 300 && response.status() < 400)) return;
    last = response.text().then((html) => ({ url: response.url(), html }));
  });
  const checker = await openPage(browser);
  return async (label: string) => {
    const sent = await last;
    if (!sent || sent.url !== page.url()) throw new Error(`${label}: no document kept for ${page.url()}`);
    const html = sent.html.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<link rel="modulepreload"[^>]*>/g, '');
    await checker.route(sent.url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await checker.goto(sent.url);
    await checker.unroute(sent.url);
    return accessibilityViolations(checker, wcagAndBestPractices);
  };
}
