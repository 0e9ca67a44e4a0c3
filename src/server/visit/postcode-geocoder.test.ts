import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAdresseGeocoder, distanceKm } from './postcode-geocoder.ts';

describe('the api-adresse geocoder, against a local server answering as the national API does', () => {
  let server: Server;
  let baseUrl = '';
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      asked.push(url.search);
      const postcode = url.searchParams.get('q');
      if (postcode === '50000') {
        response.writeHead(503).end();
        return;
      }
      const features = postcode === '87200' ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0.9016, 45.8878] } }] : [];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('places a postcode at its town (longitude first in GeoJSON)', async () => {
    expect(await apiAdresseGeocoder(baseUrl).locate('87200')).toEqual({ latitude: 45.8878, longitude: 0.9016 });
    expect(asked.at(-1)).toBe('?q=87200&type=municipality&limit=1');
  });

  it('treats an unknown postcode and a failing service alike: not known, so the list stays alphabetical', async () => {
    expect(await apiAdresseGeocoder(baseUrl).locate('99999')).toBeUndefined();
    expect(await apiAdresseGeocoder(baseUrl).locate('50000')).toBeUndefined();
    expect(await apiAdresseGeocoder('http://127.0.0.1:9').locate('87000')).toBeUndefined();
  });

  it('measures distances on the globe', () => {
    // Limoges to Saint-Junien: about 28 km as the crow flies.
    expect(distanceKm({ latitude: 45.8336, longitude: 1.2611 }, { latitude: 45.8878, longitude: 0.9016 })).toBeCloseTo(28.4, 0);
  });
});
