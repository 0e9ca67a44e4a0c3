import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, openPage } from '../support/browser.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { accessibilityViolations } from './axe.ts';
import { SignInJourney } from './pages/sign-in.page.ts';

const citizens = [
  { id: 'marie-dupont', name: 'Marie Dupont', birth: '14 mars 1985', place: 'Paris' },
  { id: 'jean-martin', name: 'Jean Martin', birth: 'en 1950', place: 'Lyon' },
  { id: 'lucie-bernard', name: 'Lucie Bernard', birth: 'juin 1972', place: 'Marseille' },
  { id: 'amadou-diallo', name: 'Amadou Diallo', birth: '2 novembre 1990', place: 'Sans objet : né à l’étranger' },
  { id: 'odette-leroy', name: 'Odette Leroy', birth: '20 janvier 1938', place: 'Lille' },
  { id: 'jean-francois-lefevre', name: 'Jean-François Noël Lefèvre-Nuñez', birth: '31 décembre 2001', place: 'Saint-Denis' },
];

describe.skipIf(!browserAvailable)('Sign in through the development provider, in Chromium', () => {
  let browser: Browser;
  let server: TestApp & { url: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(citizens)('$id: name and birth date shown, then signed out, and Back shows nothing personal', async (citizen) => {
    const page = await openPage(browser);
    const journey = new SignInJourney(page);
    await page.goto(`${server.url}/`);
    await journey.press('.account-menu a[href="/auth/login"]');
    await journey.verifyOnPersonaPicker();
    await journey.press(`button[value="${citizen.id}"]`);
    await journey.verifyOnAccount();

    expect(await page.locator('.account-menu').textContent()).toContain(`Connecté : ${citizen.name}`);
    const identity = await page.locator('#identity-heading + dl').textContent();
    expect(identity).toContain(citizen.birth);
    expect(identity).toContain(citizen.place);
    expect(identity).toContain('(transmis par FranceConnect)');

    await journey.press('form[action="/auth/logout"] button');
    await journey.verifySignedOut();
    expect(await page.content()).not.toContain(citizen.name);

    // Back returns to /account: never stored, it is asked for again and sends the visitor to sign in.
    await page.goBack();
    await page.waitForLoadState('load');
    expect(page.url()).not.toMatch(/\/account$/);
    expect(await page.locator('#identity-heading').count()).toBe(0);
    expect(await page.locator('.account-menu').textContent()).toBe('Se connecter');
    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  it('keyboard only: sign in, reach the account, sign out', async () => {
    const page = await openPage(browser);
    const journey = new SignInJourney(page);
    await page.goto(`${server.url}/`);
    await journey.tabTo('.account-menu a[href="/auth/login"]');
    await page.keyboard.press('Enter');
    await journey.verifyOnPersonaPicker();
    await journey.tabTo('button[value="odette-leroy"]');
    await page.keyboard.press('Enter');
    await journey.verifyOnAccount();
    expect(await page.locator('.account-menu').textContent()).toContain('Odette Leroy');
    await journey.tabTo('form[action="/auth/logout"] button');
    await page.keyboard.press('Enter');
    await journey.verifySignedOut();
    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  it('has no accessibility violations on the persona picker, the account page and the agent page', async () => {
    const page = await openPage(browser);
    const journey = new SignInJourney(page);
    await page.goto(`${server.url}/auth/login`);
    await journey.verifyOnPersonaPicker();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.press('button[value="marie-dupont"]');
    await journey.verifyOnAccount();
    expect(await accessibilityViolations(page)).toEqual([]);

    const agentPage = await openPage(browser);
    await agentPage.goto(`${server.url}/agent`);
    const agentJourney = new SignInJourney(agentPage);
    await agentJourney.verifyOnPersonaPicker();
    expect(await accessibilityViolations(agentPage)).toEqual([]);
    await agentJourney.press('button[value="sophie-moreau"]');
    await agentPage.waitForURL(/\/agent$/);
    expect(await agentPage.locator('h1').textContent()).toBe('Espace agent');
    expect(await agentPage.locator('dl').textContent()).toContain('Agent d’accueil téléphonique');
    expect(await accessibilityViolations(agentPage)).toEqual([]);
    expect([...page.errors, ...agentPage.errors]).toEqual([]);
  });

  it('serves the agent code only to agents: a citizen session downloads no agent chunk', async () => {
    const page = await openPage(browser);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${server.url}/auth/login`);
    const journey = new SignInJourney(page);
    await journey.press('button[value="marie-dupont"]');
    await journey.verifyOnAccount();
    await page.goto(`${server.url}/callback`);
    await page.waitForLoadState('networkidle');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((script) => script.includes('/assets/agent'))).toEqual([]);
  });
});
