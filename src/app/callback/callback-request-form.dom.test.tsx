import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, renderInApp } from '../test-support/render-in-app.tsx';
import { CallbackRequestForm } from './callback-request-form.tsx';

afterEach(cleanup);
// The form loads its schema when first sent: loaded once here, so each test's wait is for the form, not the transform.
beforeAll(() => Promise.all([import('../../shared/callback-request.ts'), import('../../shared/validation.ts')]));

const form = () => document.getElementById('callback') as HTMLFormElement;
const phone = () => screen.getByLabelText('Votre numéro de téléphone') as HTMLInputElement;

describe('the callback request form', () => {
  it('labels every field and carries the CSRF token and idempotency key for the no-JavaScript post', async () => {
    await renderInApp(<CallbackRequestForm />);
    expect(form().getAttribute('action')).toBe('/callback');
    expect(form().getAttribute('method')).toBe('post');
    expect((form().elements.namedItem('_csrf') as HTMLInputElement).value).toBe('test-csrf-token');
    expect((form().elements.namedItem('_idempotency_key') as HTMLInputElement).value).toBe('test-idempotency-key-0001');
    expect(phone().type).toBe('tel');
    expect(phone().autocomplete).toBe('tel');
    expect(screen.getByRole('group', { name: 'C’est à quel sujet ?' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Quand voulez-vous être appelé ?' })).toBeTruthy();
    expect(screen.getByLabelText('Votre nom (facultatif)')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });

  it('on a bad submit, shows the error summary with links to the fields, keeps what was typed and takes focus', async () => {
    await renderInApp(<CallbackRequestForm />);
    fireEvent.input(phone(), { target: { value: '06 12' } });
    fireEvent.click(screen.getByLabelText('Stationnement'));
    fireEvent.input(screen.getByLabelText('Votre nom (facultatif)'), { target: { value: 'Zoé' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('heading', { level: 2 }).textContent).toBe('Il y a un problème');
    const links = within(summary).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78', '#callback-phone'],
      ['Choisissez quand vous voulez être appelé', '#callback-window'],
    ]);
    // Each link leads to a field that exists, so following it moves the citizen to the problem.
    for (const link of links) expect(document.querySelector(link.getAttribute('href') ?? '')).toBeInstanceOf(HTMLInputElement);
    await waitFor(() => expect(document.activeElement).toBe(summary));

    expect(phone().value).toBe('06 12');
    expect(phone().getAttribute('aria-invalid')).toBe('true');
    expect(phone().getAttribute('aria-describedby')).toContain('callback-phone-error');
    expect(document.getElementById('callback-phone-error')?.textContent).toBe(
      'Erreur : Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78',
    );
    expect((screen.getByLabelText('Stationnement') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Votre nom (facultatif)') as HTMLInputElement).value).toBe('Zoé');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });

  it('clears a field’s error once the citizen fixes it, and focuses the summary again on the next bad submit', async () => {
    await renderInApp(<CallbackRequestForm />);
    const submit = screen.getByRole('button', { name: 'Envoyer ma demande' });
    fireEvent.click(submit);
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(within(summary).getAllByRole('link')).toHaveLength(3);

    fireEvent.click(screen.getByLabelText('Le matin (08:30–12:00)'));
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['#callback-phone', '#callback-topic']);
    phone().focus();
    fireEvent.click(submit);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('alert')));
  });

  it('shows what the server sent back without JavaScript: errors, and the answers as typed', async () => {
    await renderInApp(<CallbackRequestForm />, {
      state: {
        form: {
          values: { phone: '01', topic: 'school', name: 'Camille' },
          errors: { phone: 'callback:errors.phone_invalid', window: 'callback:errors.window_required' },
        },
      },
    });
    const summary = screen.getByRole('alert');
    expect(within(summary).getAllByRole('link')).toHaveLength(2);
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(phone().value).toBe('01');
    expect((screen.getByLabelText('École et cantine') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Votre nom (facultatif)') as HTMLInputElement).value).toBe('Camille');
  });

  it('speaks English, errors included', async () => {
    await renderInApp(<CallbackRequestForm />, { language: 'en' });
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('heading').textContent).toBe('There is a problem');
    expect(within(summary).getAllByRole('link')[0]?.textContent).toBe('Enter your phone number');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });

  it('offers the service’s windows with their hours, the call language set to the page’s, and asks for words when the topic is "other"', async () => {
    await renderInApp(<CallbackRequestForm />, { state: { form: { values: { dossier: 'GU-2026-000123' }, errors: {} } } });
    expect(screen.getByLabelText('Le matin (08:30–12:00)')).toBeTruthy();
    expect(screen.getByLabelText('L’après-midi (12:00–17:30)')).toBeTruthy();
    expect((screen.getByLabelText('Français') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Numéro de dossier (facultatif)') as HTMLInputElement).value).toBe('GU-2026-000123');
    fireEvent.input(phone(), { target: { value: '06 12 34 56 78' } });
    fireEvent.click(screen.getByLabelText('Autre question'));
    fireEvent.click(screen.getByLabelText('Peu importe'));
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    const summary = await screen.findByRole('alert');
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => [link.textContent, link.getAttribute('href')]),
    ).toEqual([['Précisez votre question en quelques mots', '#callback-topicDetail']]);
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });
});
