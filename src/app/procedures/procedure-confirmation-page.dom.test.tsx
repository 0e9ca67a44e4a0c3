import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { renderInApp } from '../test-support/render-in-app.tsx';
import ProcedureConfirmationPage from './procedure-confirmation-page.tsx';

afterEach(cleanup);

describe('the procedure confirmation page', () => {
  // The birth certificate is answered within 5 working days: the plural form is chosen by that count.
  it.each([
    ['fr', 'Le service vous répond sous 5 jours ouvrés.'],
    ['en', 'The service will answer within 5 working days.'],
    ['ar', 'ترد عليكم المصلحة خلال 5 أيام عمل.'],
  ] as const)('in %s, says within how many working days the service answers', async (language, text) => {
    await renderInApp(<ProcedureConfirmationPage procedure="civil-status-certificate" reference="GU-2026-000123" />, { language });
    expect(screen.getByText(text)).toBeTruthy();
    expect(screen.getByText('GU-2026-000123')).toBeTruthy();
  });
});
