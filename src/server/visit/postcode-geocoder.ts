import * as v from 'valibot';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** Where a postcode is, to list the nearest locations first; undefined when it is not known. */
export interface PostcodeGeocoder {
  locate(postcode: string): Promise<Coordinates | undefined>;
}

const apiAdresseAnswer = v.object({
  features: v.array(v.object({ geometry: v.object({ coordinates: v.tuple([v.number(), v.number()]) }) })),
});

/**
 * The national address base (api-adresse.data.gouv.fr): the centre of the postcode's town. A slow or
 * failed answer counts as unknown, so the citizen still gets the list, in alphabetical order.
 */
export function apiAdresseGeocoder(baseUrl = 'https://api-adresse.data.gouv.fr'): PostcodeGeocoder {
  return {
    async locate(postcode) {
      try {
        const url = new URL('/search/', baseUrl);
        url.search = new URLSearchParams({ q: postcode, type: 'municipality', limit: '1' }).toString();
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (!response.ok) return undefined;
        const answer = v.safeParse(apiAdresseAnswer, await response.json());
        const [longitude, latitude] = answer.success ? (answer.output.features[0]?.geometry.coordinates ?? []) : [];
        return longitude === undefined || latitude === undefined ? undefined : { latitude, longitude };
      } catch {
        return undefined;
      }
    },
  };
}

/** The demo area's postcodes (Haute-Vienne), so "nearest first" works on a machine with no network. */
const demoPostcodes: Record<string, Coordinates> = {
  '87000': { latitude: 45.8336, longitude: 1.2611 },
  '87100': { latitude: 45.8484, longitude: 1.2489 },
  '87170': { latitude: 45.8025, longitude: 1.2153 },
  '87200': { latitude: 45.8878, longitude: 0.9016 },
  '87280': { latitude: 45.8856, longitude: 1.2839 },
  '87300': { latitude: 46.1219, longitude: 1.0489 },
  '87350': { latitude: 45.8394, longitude: 1.3097 },
  '87400': { latitude: 45.8375, longitude: 1.4911 },
  '87500': { latitude: 45.5153, longitude: 1.2047 },
};

export function demoPostcodeGeocoder(): PostcodeGeocoder {
  return { locate: async (postcode) => demoPostcodes[postcode] };
}

/** Great-circle distance in kilometres. */
export function distanceKm(from: Coordinates, to: Coordinates): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const deltaLatitude = radians(to.latitude - from.latitude);
  const deltaLongitude = radians(to.longitude - from.longitude);
  const a =
    Math.sin(deltaLatitude / 2) ** 2 +
    Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(deltaLongitude / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(a));
}
