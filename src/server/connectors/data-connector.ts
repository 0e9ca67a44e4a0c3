import type { ConnectorDataset, connectorFields } from '../../shared/procedures/definition.ts';

/** Who the data is about, as sign-in knows them (API Particulier identifies people this way). */
export interface ConnectorIdentity {
  given_name: string;
  family_name: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD, as the identity federation gives it. */
  birthdate: string;
  gender?: string;
  birthplace?: string;
}

export type ConnectorRecord<Dataset extends ConnectorDataset> = Record<(typeof connectorFields)[Dataset][number], string | number>;

/**
 * France's data APIs behind one interface: the real HTTP adapter and the sandbox answer the same
 * questions. `undefined` means "nothing known about this person": the citizen types the answer.
 */
export interface DataConnector {
  readonly name: string;
  read<Dataset extends ConnectorDataset>(dataset: Dataset, person: ConnectorIdentity): Promise<ConnectorRecord<Dataset> | undefined>;
}

export class ConnectorError extends Error {}
