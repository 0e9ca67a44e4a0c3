import { createHash } from 'node:crypto';
import type { ConnectorDataset } from '../../shared/procedures/definition.ts';
import type { ConnectorIdentity, ConnectorRecord, DataConnector } from './data-connector.ts';

/**
 * Deterministic data for the development personas (and anyone else): the same person always gets
 * the same family quotient, so demos and tests can rely on it. Used unless API Particulier is
 * configured. A person whose family name starts with "Inconnu" is unknown to it, like to CAF.
 */
export function sandboxConnector(): DataConnector {
  return {
    name: 'sandbox',
    async read<Dataset extends ConnectorDataset>(dataset: Dataset, person: ConnectorIdentity) {
      if (/^inconnu/i.test(person.family_name)) return undefined;
      const seed = createHash('sha256').update(`${person.family_name}|${person.given_name}|${person.birthdate}`).digest();
      const children = 1 + ((seed[0] ?? 0) % 3);
      const record =
        dataset === 'family_quotient'
          ? { quotient: sandboxQuotient(seed), children, month: '2026-10' }
          : { persons: 2 + children, reference_income: 18_000 + ((seed[2] ?? 0) * 256 + (seed[3] ?? 0)), address: '' };
      return record as ConnectorRecord<Dataset>;
    },
  };
}

/** Between 300 and 2 300 €, a realistic spread for canteen price bands. */
function sandboxQuotient(seed: Buffer): number {
  return 300 + (((seed[1] ?? 0) * 256 + (seed[4] ?? 0)) % 2001);
}
