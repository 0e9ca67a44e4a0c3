import type { ConnectorDataset } from '../../shared/procedures/definition.ts';
import { ConnectorError, type ConnectorIdentity, type ConnectorRecord, type DataConnector } from './data-connector.ts';

interface ApiParticulierOptions {
  url: URL;
  token: string;
  timeoutMs?: number;
}

/**
 * API Particulier (api.gouv.fr) over HTTP: the family quotient from CAF/MSA, the tax household
 * from the DGFiP, both looked up by the identity sign-in gave us. Answers are mapped to
 * Guichet's field names here and nowhere else.
 */
export function apiParticulierConnector(options: ApiParticulierOptions): DataConnector {
  const paths: Record<ConnectorDataset, string> = {
    family_quotient: '/api/v2/composition-familiale-v2',
    tax_household: '/api/v2/situations-fiscales',
  };
  return {
    name: 'api_particulier',
    async read<Dataset extends ConnectorDataset>(dataset: Dataset, person: ConnectorIdentity) {
      const url = new URL(paths[dataset], options.url);
      for (const [name, value] of Object.entries(identityQuery(person))) url.searchParams.set(name, value);
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { 'X-Api-Key': options.token, accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (error) {
        throw new ConnectorError(`API Particulier did not answer (${dataset})`, { cause: error });
      }
      if (response.status === 404) return undefined;
      if (!response.ok) throw new ConnectorError(`API Particulier answered ${response.status} (${dataset})`);
      const body: unknown = await response.json().catch(() => undefined);
      const record = dataset === 'family_quotient' ? familyQuotient(body) : taxHousehold(body);
      if (!record) throw new ConnectorError(`API Particulier sent an answer of an unknown shape (${dataset})`);
      return record as ConnectorRecord<Dataset>;
    },
  };
}

function identityQuery(person: ConnectorIdentity): Record<string, string> {
  const [year = '', month = '', day = ''] = person.birthdate.split('-');
  const query: Record<string, string> = { nomNaissance: person.family_name, prenoms: person.given_name, anneeDateDeNaissance: year };
  if (month) query.moisDateDeNaissance = month;
  if (day) query.jourDateDeNaissance = day;
  if (person.gender) query.sexe = person.gender === 'female' ? 'F' : 'M';
  if (person.birthplace) query.codeInseeLieuDeNaissance = person.birthplace;
  return query;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function familyQuotient(body: unknown): ConnectorRecord<'family_quotient'> | undefined {
  if (!isObject(body) || !isObject(body.quotientFamilial)) return undefined;
  const { valeur, annee, mois } = body.quotientFamilial;
  if (typeof valeur !== 'number' || typeof annee !== 'number' || typeof mois !== 'number') return undefined;
  const children = Array.isArray(body.enfants) ? body.enfants.length : 0;
  return { quotient: valeur, children, month: `${annee}-${String(mois).padStart(2, '0')}` };
}

function taxHousehold(body: unknown): ConnectorRecord<'tax_household'> | undefined {
  if (!isObject(body)) return undefined;
  const { nombrePersonnesCharge, nombreDeclarants, revenuFiscalReference, adresse } = body;
  if (typeof nombrePersonnesCharge !== 'number' || typeof revenuFiscalReference !== 'number') return undefined;
  return {
    persons: nombrePersonnesCharge + (typeof nombreDeclarants === 'number' ? nombreDeclarants : 1),
    reference_income: revenuFiscalReference,
    address: typeof adresse === 'string' ? adresse : '',
  };
}
