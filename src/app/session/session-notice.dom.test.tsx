import { cleanup, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson } from '../http/api-client.ts';
import { AccountMenu } from '../shell/account-menu.tsx';
import { ViewerContext } from '../shell/viewer-context.ts';
import { accessibilityViolations, renderInApp } from '../test-support/render-in-app.tsx';
import SessionNotice from './session-notice.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the session’s end on a signed-in page', () => {
  it('on a 401 from any request: the header signs out, a message takes focus and offers to sign in again, back to this page', async () => {
    history.replaceState(null, '', '/procedures/civil-status-certificate/check');
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      if (url === '/api/session')
        return Response.json({ signedIn: true, audience: 'citizen', endsInSeconds: 1800, warnBeforeSeconds: 120 });
      return Response.json({ error: 'sign_in_required' }, { status: 401 });
    });
    await renderInApp(
      <ViewerContext.Provider value={{ kind: 'citizen', name: 'Marie Dupont' }}>
        <AccountMenu />
        <SessionNotice />
      </ViewerContext.Provider>,
    );
    expect(screen.getByText('Connecté : Marie Dupont')).toBeTruthy();
    // The page asks how long is left (without extending it) and is not warned 30 minutes early.
    await waitFor(() => expect(asked).toContain('/api/session'));
    expect(document.querySelector('dialog[open]')).toBeNull();

    expect((await getJson('/api/dossiers')).status).toBe(401);
    const message = await screen.findByRole('alert');
    expect(within(message).getByRole('heading', { level: 2 }).textContent).toBe('Votre session est terminée');
    await waitFor(() => expect(document.activeElement).toBe(message));
    expect(within(message).getByRole('link', { name: 'Se reconnecter' }).getAttribute('href')).toBe(
      '/auth/login?return=%2Fprocedures%2Fcivil-status-certificate%2Fcheck',
    );
    expect(screen.queryByText('Connecté : Marie Dupont')).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Votre compte' }).textContent).toBe('Se connecter');
    expect(await accessibilityViolations(document.body)).toEqual([]);
  });
});
