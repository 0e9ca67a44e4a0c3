import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiParticulierConnector } from './api-particulier.connector.ts';
import { ConnectorError } from './data-connector.ts';
import { sandboxConnector } from './sandbox.connector.ts';

const camille = { given_name: 'Camille', family_name: 'Martin', birthdate: '1987-04-12', gender: 'female' };

describe('API Particulier HTTP adapter, against a local HTTP server', () => {
  let server: Server;
  let url: URL;
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const target = new URL(request.url ?? '/', 'http://localhost');
      if (request.headers['x-api-key'] !== 'secret-token') return response.writeHead(401).end('{}');
      if (target.searchParams.get('nomNaissance') === 'Inconnu') return response.writeHead(404).end('{}');
      if (target.searchParams.get('nomNaissance') === 'Panne') return response.writeHead(503).end('{}');
      response.writeHead(200, { 'content-type': 'application/json' });
      if (target.pathname === '/api/v2/composition-familiale-v2') {
        return response.end(
          JSON.stringify({
            allocataires: [{ nomNaissance: 'MARTIN' }],
            enfants: [{ prenoms: 'Lou' }, { prenoms: 'Noé' }],
            quotientFamilial: { fournisseur: 'CNAF', valeur: 742, annee: 2026, mois: 10 },
          }),
        );
      }
      return response.end(
        JSON.stringify({
          nombreDeclarants: 2,
          nombrePersonnesCharge: 2,
          revenuFiscalReference: 31250,
          adresse: '12 rue des Lilas 87000 Limoges',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the family quotient with the token, querying by identity', async () => {
    const connector = apiParticulierConnector({ url, token: 'secret-token' });
    expect(await connector.read('family_quotient', camille)).toEqual({ quotient: 742, children: 2, month: '2026-10' });
    const query = new URL(seen.at(-1)?.url ?? '', 'http://localhost').searchParams;
    expect(Object.fromEntries(query)).toEqual({
      nomNaissance: 'Martin',
      prenoms: 'Camille',
      anneeDateDeNaissance: '1987',
      moisDateDeNaissance: '04',
      jourDateDeNaissance: '12',
      sexe: 'F',
    });
  });

  it('reads the tax household', async () => {
    const connector = apiParticulierConnector({ url, token: 'secret-token' });
    expect(await connector.read('tax_household', camille)).toEqual({
      persons: 4,
      reference_income: 31250,
      address: '12 rue des Lilas 87000 Limoges',
    });
  });

  it('answers "unknown" for a 404 and fails loudly for anything else', async () => {
    const connector = apiParticulierConnector({ url, token: 'secret-token' });
    expect(await connector.read('family_quotient', { ...camille, family_name: 'Inconnu' })).toBeUndefined();
    await expect(connector.read('family_quotient', { ...camille, family_name: 'Panne' })).rejects.toBeInstanceOf(ConnectorError);
    await expect(apiParticulierConnector({ url, token: 'wrong' }).read('family_quotient', camille)).rejects.toThrow(/401/);
  });
});

describe('sandbox connector', () => {
  it('gives the same person the same data, and different people different data', async () => {
    const sandbox = sandboxConnector();
    const first = await sandbox.read('family_quotient', camille);
    expect(await sandbox.read('family_quotient', camille)).toEqual(first);
    expect(first?.quotient).toBeGreaterThanOrEqual(300);
    expect(await sandbox.read('family_quotient', { ...camille, given_name: 'Ahmed' })).not.toEqual(first);
    expect(await sandbox.read('tax_household', { ...camille, family_name: 'Inconnu-Durand' })).toBeUndefined();
  });
});
