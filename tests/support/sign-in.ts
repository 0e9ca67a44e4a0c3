import type { LightMyRequestResponse } from 'fastify';
import type { Visitor } from './visitor.ts';

/** The path and query of a redirect's target, to follow it with `app.inject`. */
export function locationOf(response: LightMyRequestResponse): string {
  const location = response.headers.location;
  if (typeof location !== 'string') throw new Error(`Expected a redirect, got ${response.statusCode}: ${response.body.slice(0, 300)}`);
  const url = new URL(location, 'http://localhost:8080');
  return `${url.pathname}${url.search}`;
}

/**
 * Signs a visitor in as a persona of the bundled development provider, the way a browser does:
 * login → provider → persona picker → provider → callback. Returns the callback's response.
 */
export async function signInAs(
  visitor: Visitor,
  personaId: string,
  options: { basePath?: '/auth' | '/agent/auth'; returnTo?: string } = {},
): Promise<LightMyRequestResponse> {
  const basePath = options.basePath ?? '/auth';
  const login = await visitor.get(`${basePath}/login${options.returnTo ? `?return=${encodeURIComponent(options.returnTo)}` : ''}`);
  const authorize = await visitor.get(locationOf(login));
  const interaction = locationOf(authorize);
  const picker = await visitor.get(interaction);
  if (picker.statusCode !== 200) throw new Error(`Persona picker answered ${picker.statusCode}`);
  const chosen = await visitor.postForm(interaction, { persona: personaId });
  const resumed = await visitor.get(locationOf(chosen));
  return visitor.get(locationOf(resumed));
}
