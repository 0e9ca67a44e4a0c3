import type { Db } from '../db/database.ts';
import type { WeeklyOpeningHours } from '../../shared/visit.ts';

/**
 * Demo data so a fresh `npm start` shows a living portal. Fixed references and ON CONFLICT make it
 * safe to run at every start: the second run adds nothing.
 */
export async function seedDemoData(db: Db): Promise<void> {
  await db
    .insertInto('callback_request')
    .values([
      {
        reference: 'RAP-DEM0-0001',
        phone: '+33612345678',
        topic: 'civil_status',
        time_window: 'morning',
        name: 'Camille Martin',
        language: 'fr',
      },
      { reference: 'RAP-DEM0-0002', phone: '+33798765432', topic: 'school', time_window: 'afternoon', name: null, language: 'fr' },
      { reference: 'RAP-DEM0-0003', phone: '+33655443322', topic: 'benefits', time_window: 'any', name: 'Ahmed Benali', language: 'en' },
    ])
    .onConflict((conflict) => conflict.column('reference').doNothing())
    .execute();
  await seedCounterVisits(db);
}

const townHallHours: WeeklyOpeningHours = Object.fromEntries(
  ['1', '2', '3', '4', '5'].map((day) => [
    day,
    [
      { opens: '08:30', closes: '12:00' },
      { opens: '13:30', closes: '17:00' },
    ],
  ]),
);

const demoLocations = [
  {
    id: 'limoges-hotel-de-ville',
    name: 'Mairie de Limoges',
    street: '9 place Léon-Betoulle',
    postcode: '87000',
    city: 'Limoges',
    latitude: 45.8297,
    longitude: 1.2593,
    wheelchair_access: true,
    hearing_loop: true,
    languages: ['fr', 'en', 'es'],
    opening_hours: { ...townHallHours, '6': [{ opens: '09:00', closes: '12:00' }] },
    // The demo counter agent (Karim Haddad) works here.
    staff_unit: 'Mairie de Villeneuve – Accueil',
    services: ['id_card', 'passport', 'civil_status', 'benefits'],
    counters: ['Guichet 1', 'Guichet 2', 'Guichet 3'],
  },
  {
    id: 'limoges-beaubreuil',
    name: 'Mairie annexe de Beaubreuil',
    street: '7 place de Beaubreuil',
    postcode: '87280',
    city: 'Limoges',
    latitude: 45.8772,
    longitude: 1.2872,
    wheelchair_access: true,
    hearing_loop: false,
    languages: ['fr', 'ar', 'pt'],
    opening_hours: Object.fromEntries(
      ['2', '3', '4', '5'].map((day) => [
        day,
        [
          { opens: '09:00', closes: '12:00' },
          { opens: '14:00', closes: '17:00' },
        ],
      ]),
    ),
    services: ['id_card', 'passport', 'civil_status'],
    counters: ['Guichet A'],
  },
  {
    id: 'saint-junien',
    name: 'Mairie de Saint-Junien',
    street: 'Place Auguste-Roche',
    postcode: '87200',
    city: 'Saint-Junien',
    latitude: 45.8877,
    longitude: 0.9018,
    wheelchair_access: false,
    hearing_loop: true,
    languages: ['fr'],
    opening_hours: Object.fromEntries(
      ['1', '2', '3', '4', '5'].map((day) => [
        day,
        [
          { opens: '09:00', closes: '12:00' },
          { opens: '14:00', closes: '17:30' },
        ],
      ]),
    ),
    services: ['id_card', 'civil_status', 'benefits'],
    counters: ['Guichet 1', 'Guichet 2'],
  },
  {
    id: 'bellac',
    name: 'France services de Bellac',
    street: '1 rue Lamartine',
    postcode: '87300',
    city: 'Bellac',
    latitude: 46.1219,
    longitude: 1.0489,
    wheelchair_access: true,
    hearing_loop: true,
    languages: ['fr', 'en'],
    opening_hours: Object.fromEntries(['1', '3', '5'].map((day) => [day, [{ opens: '09:00', closes: '12:30' }]])),
    services: ['civil_status', 'benefits'],
    counters: ['Accueil'],
  },
];

const publicHolidays = ['2026-12-25', '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-08'];

/** Four places in Haute-Vienne with their counters, services and the coming public holidays. */
async function seedCounterVisits(db: Db): Promise<void> {
  await db
    .insertInto('visit_service')
    .values([
      { id: 'id_card', slot_minutes: 30 },
      { id: 'passport', slot_minutes: 30 },
      { id: 'civil_status', slot_minutes: 15 },
      { id: 'benefits', slot_minutes: 45 },
    ])
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  for (const { services, counters, languages, opening_hours, ...location } of demoLocations.map((entry) => ({
    staff_unit: null,
    ...entry,
  }))) {
    await db
      .insertInto('visit_location')
      .values({ ...location, languages: JSON.stringify(languages), opening_hours: JSON.stringify(opening_hours) })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
    await db
      .insertInto('visit_location_service')
      .values(services.map((service_id) => ({ location_id: location.id, service_id })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await db
      .insertInto('visit_counter')
      .values(counters.map((label, index) => ({ id: `${location.id}-${index + 1}`, location_id: location.id, label })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await db
      .insertInto('visit_closure')
      .values(publicHolidays.map((day) => ({ location_id: location.id, day })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}
