import type { AgentRole } from './viewer.ts';

/**
 * The bundled development identity provider's test people. Citizens carry FranceConnect's claims
 * and cover its edge cases; agents carry ProConnect's, plus the role and service Guichet gives them.
 */
export interface CitizenPersona {
  id: string;
  audience: 'citizen';
  /** Short description of the edge case, an i18n key of the `dev-idp` namespace. */
  caseKey: string;
  claims: {
    given_name: string;
    family_name: string;
    birthdate: string;
    gender: 'male' | 'female';
    birthplace: string;
    birthcountry: string;
    email?: string;
    phone_number?: string;
  };
}

export interface AgentPersona {
  id: string;
  audience: 'agent';
  caseKey: string;
  claims: {
    given_name: string;
    usual_name: string;
    email: string;
    uid: string;
    siret: string;
    organizational_unit: string;
    guichet_role: AgentRole;
  };
}

export type Persona = CitizenPersona | AgentPersona;

const villeneuveSiret = '21750001600019';

export const personas: readonly Persona[] = [
  {
    id: 'marie-dupont',
    audience: 'citizen',
    caseKey: 'dev-idp:cases.full',
    claims: {
      given_name: 'Marie',
      family_name: 'Dupont',
      birthdate: '1985-03-14',
      gender: 'female',
      birthplace: '75056',
      birthcountry: '99100',
      email: 'marie.dupont@example.fr',
      phone_number: '+33612345678',
    },
  },
  {
    id: 'jean-martin',
    audience: 'citizen',
    caseKey: 'dev-idp:cases.year_only',
    claims: {
      given_name: 'Jean',
      family_name: 'Martin',
      birthdate: '1950',
      gender: 'male',
      birthplace: '69123',
      birthcountry: '99100',
      email: 'jean.martin@example.fr',
    },
  },
  {
    id: 'lucie-bernard',
    audience: 'citizen',
    caseKey: 'dev-idp:cases.year_month',
    claims: {
      given_name: 'Lucie',
      family_name: 'Bernard',
      birthdate: '1972-06',
      gender: 'female',
      birthplace: '13055',
      birthcountry: '99100',
      email: 'lucie.bernard@example.fr',
    },
  },
  {
    id: 'amadou-diallo',
    audience: 'citizen',
    caseKey: 'dev-idp:cases.born_abroad',
    claims: {
      given_name: 'Amadou',
      family_name: 'Diallo',
      birthdate: '1990-11-02',
      gender: 'male',
      birthplace: '',
      birthcountry: '99341',
      email: 'amadou.diallo@example.fr',
    },
  },
  {
    id: 'odette-leroy',
    audience: 'citizen',
    caseKey: 'dev-idp:cases.phone_only',
    claims: {
      given_name: 'Odette',
      family_name: 'Leroy',
      birthdate: '1938-01-20',
      gender: 'female',
      birthplace: '59350',
      birthcountry: '99100',
      phone_number: '+33698765432',
    },
  },
  {
    id: 'jean-francois-lefevre',
    audience: 'citizen',
    caseKey: 'dev-idp:cases.diacritics',
    claims: {
      given_name: 'Jean-François Noël',
      family_name: 'Lefèvre-Nuñez',
      birthdate: '2001-12-31',
      gender: 'male',
      birthplace: '97411',
      birthcountry: '99100',
      email: 'jf.lefevre@example.fr',
    },
  },
  {
    id: 'sophie-moreau',
    audience: 'agent',
    caseKey: 'dev-idp:cases.phone_agent',
    claims: {
      given_name: 'Sophie',
      usual_name: 'Moreau',
      email: 'sophie.moreau@villeneuve.example.fr',
      uid: 'sophie-moreau',
      siret: villeneuveSiret,
      organizational_unit: 'Mairie de Villeneuve – Accueil téléphonique',
      guichet_role: 'phone_agent',
    },
  },
  {
    id: 'karim-haddad',
    audience: 'agent',
    caseKey: 'dev-idp:cases.counter_agent',
    claims: {
      given_name: 'Karim',
      usual_name: 'Haddad',
      email: 'karim.haddad@villeneuve.example.fr',
      uid: 'karim-haddad',
      siret: villeneuveSiret,
      organizational_unit: 'Mairie de Villeneuve – Accueil',
      guichet_role: 'counter_agent',
    },
  },
  {
    id: 'claire-petit',
    audience: 'agent',
    caseKey: 'dev-idp:cases.case_handler',
    claims: {
      given_name: 'Claire',
      usual_name: 'Petit',
      email: 'claire.petit@villeneuve.example.fr',
      uid: 'claire-petit',
      siret: villeneuveSiret,
      organizational_unit: 'Mairie de Villeneuve – État civil',
      guichet_role: 'case_handler',
    },
  },
  {
    id: 'nadia-benali',
    audience: 'agent',
    caseKey: 'dev-idp:cases.case_handler',
    claims: {
      given_name: 'Nadia',
      usual_name: 'Benali',
      email: 'nadia.benali@villeneuve.example.fr',
      uid: 'nadia-benali',
      siret: villeneuveSiret,
      organizational_unit: 'Mairie de Villeneuve – Éducation',
      guichet_role: 'case_handler',
    },
  },
  {
    id: 'julien-roux',
    audience: 'agent',
    caseKey: 'dev-idp:cases.case_handler',
    claims: {
      given_name: 'Julien',
      usual_name: 'Roux',
      email: 'julien.roux@villeneuve.example.fr',
      uid: 'julien-roux',
      siret: villeneuveSiret,
      organizational_unit: 'Mairie de Villeneuve – Stationnement',
      guichet_role: 'case_handler',
    },
  },
  {
    id: 'thomas-girard',
    audience: 'agent',
    caseKey: 'dev-idp:cases.admin',
    claims: {
      given_name: 'Thomas',
      usual_name: 'Girard',
      email: 'thomas.girard@villeneuve.example.fr',
      uid: 'thomas-girard',
      siret: villeneuveSiret,
      organizational_unit: 'Mairie de Villeneuve',
      guichet_role: 'admin',
    },
  },
];

export function findPersona(id: string): Persona | undefined {
  return personas.find((persona) => persona.id === id);
}

export function personaName(persona: Persona): string {
  return persona.audience === 'citizen'
    ? `${persona.claims.given_name} ${persona.claims.family_name}`
    : `${persona.claims.given_name} ${persona.claims.usual_name}`;
}
