import { cleanup, screen, within } from '@testing-library/preact';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Page } from '../page/page.tsx';
import { accessibilityViolations, renderInApp } from '../test-support/render-in-app.tsx';
import { Shell } from './shell.tsx';

afterEach(cleanup);
// The shell loads its status parts (outbox, update) after the page: let that import finish before
// the test environment goes, or it lands in a torn-down one.
afterAll(() => import('../offline/shell-status.tsx'));

const inShell = (
  <Shell>
    <Page title="Accueil">
      <p>Contenu de la page</p>
    </Page>
  </Shell>
);

describe('the shell', () => {
  it('starts with a skip link to the main content, which can take focus', async () => {
    await renderInApp(inShell);
    const focusable = document.querySelectorAll<HTMLElement>('a[href], button, input, [tabindex="0"]');
    const skip = focusable[0];
    expect(skip?.textContent).toBe('Aller au contenu');
    expect(skip?.getAttribute('href')).toBe('#main');
    const main = screen.getByRole('main');
    expect(main.id).toBe('main');
    main.focus();
    expect(document.activeElement).toBe(main);
    expect(within(main).getByRole('heading', { level: 1 }).textContent).toBe('Accueil');
  });

  it('has one of each landmark: header, help, language navigation, main, footer', async () => {
    await renderInApp(inShell);
    expect(screen.getAllByRole('banner')).toHaveLength(1);
    expect(screen.getAllByRole('main')).toHaveLength(1);
    expect(screen.getAllByRole('contentinfo')).toHaveLength(1);
    expect(screen.getByRole('complementary', { name: 'Besoin d’aide ?' })).toBeTruthy();
    const languages = screen.getByRole('navigation', { name: 'Langue' });
    const english = within(languages).getByRole('link', { name: 'English' });
    expect(english.getAttribute('lang')).toBe('en');
    expect(english.getAttribute('href')).toBe('/language/en?return=%2F');
    expect(
      within(screen.getByRole('banner'))
        .getByRole('link', { name: /Guichet/ })
        .getAttribute('href'),
    ).toBe('/');
    expect(
      within(screen.getByRole('contentinfo'))
        .getByRole('link', { name: /Accessibilité/ })
        .getAttribute('href'),
    ).toBe('/accessibility');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });

  it('offers French from an English page, written in French', async () => {
    await renderInApp(inShell, { language: 'en' });
    const languages = screen.getByRole('navigation', { name: 'Language' });
    const french = within(languages).getByRole('link', { name: 'Français' });
    expect(french.getAttribute('lang')).toBe('fr');
    expect(screen.getByText('Skip to content').getAttribute('href')).toBe('#main');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });
});
