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
  const resumed = await followAutoSubmittedForm(visitor, await visitor.get(locationOf(chosen)));
  return visitor.get(locationOf(resumed));
}

/**
 * When the browser still holds another persona's sign-in, the provider first ends it with a form
 * the page submits by itself, then resumes: submitted here as the browser would.
 */
async function followAutoSubmittedForm(visitor: Visitor, response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(response.body);
  if (response.statusCode !== 200 || !form) return response;
  const fields = new URLSearchParams(
    [...(form[2] ?? '').matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((field) => [field[1] ?? '', field[2] ?? '']),
  );
  const action = new URL(form[1] ?? '', 'http://localhost:8080');
  const submitted = await visitor.request({
    method: 'POST',
    url: `${action.pathname}${action.search}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: fields.toString(),
  });
  return visitor.get(locationOf(submitted));
}
