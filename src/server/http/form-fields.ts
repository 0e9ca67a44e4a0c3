import { csrfFormField } from '../../shared/http.ts';

/**
 * A urlencoded form body as plain strings, without the CSRF token, ready for a
 * shared schema and for re-displaying what the citizen typed. Repeated fields keep their first value.
 */
export function formFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!body || typeof body !== 'object') return fields;
  for (const [name, value] of Object.entries(body)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && name !== csrfFormField) fields[name] = first;
  }
  return fields;
}
