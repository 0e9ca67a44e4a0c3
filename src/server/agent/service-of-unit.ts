import type { AgentServiceId } from '../../shared/viewer.ts';

/**
 * ProConnect (and the development provider) names an agent's organisational unit in free text
 * ("Mairie de Villeneuve – État civil"); Guichet works with service ids. The unit is read here, once,
 * at sign-in, and the service id stored on the agent: nothing else matches on the unit's words.
 * Order matters: the first keyword found wins. A unit not listed here is in no service (an
 * administrator of the whole town hall, say).
 */
const servicesByUnitKeyword: { keyword: RegExp; service: AgentServiceId }[] = [
  { keyword: /état civil/i, service: 'civil_status' },
  { keyword: /éducation|scolaire|école/i, service: 'education' },
  { keyword: /stationnement|mobilité/i, service: 'mobility' },
  { keyword: /accueil/i, service: 'reception' },
];

export function serviceOfUnit(unit: string): AgentServiceId | null {
  return servicesByUnitKeyword.find((entry) => entry.keyword.test(unit))?.service ?? null;
}
