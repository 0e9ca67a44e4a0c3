import { cleanup, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { accessibilityViolations, renderInApp } from '../test-support/render-in-app.tsx';
import { HelpBar } from './help-bar.tsx';

afterEach(cleanup);

describe('the help bar', () => {
  it('gives the phone number as a tel: link with opening hours, and both actions', async () => {
    await renderInApp(<HelpBar />);
    const bar = screen.getByRole('complementary', { name: 'Besoin d’aide ?' });
    const phone = within(bar).getByRole('link', { name: '05 55 00 00 00' });
    expect(phone.getAttribute('href')).toBe('tel:+33555000000');
    // Digits read left to right even on a right-to-left page.
    expect(phone.getAttribute('dir')).toBe('ltr');
    expect(bar.textContent).toContain('du lundi au vendredi, 08:30–17:30 ; le samedi, 09:00–12:00');
    expect(within(bar).getByRole('link', { name: 'Être rappelé' }).getAttribute('href')).toBe('/callback');
    expect(within(bar).getByRole('link', { name: 'Prendre rendez-vous au guichet' }).getAttribute('href')).toBe('/visit');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });

  it('speaks English', async () => {
    await renderInApp(<HelpBar />, { language: 'en' });
    const bar = screen.getByRole('complementary', { name: 'Need help?' });
    expect(within(bar).getByRole('link', { name: 'Call me back' }).getAttribute('href')).toBe('/callback');
    expect(within(bar).getByRole('link', { name: 'Book a counter visit' }).getAttribute('href')).toBe('/visit');
    expect(within(bar).getByRole('link', { name: '05 55 00 00 00' }).getAttribute('href')).toBe('tel:+33555000000');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });
});
