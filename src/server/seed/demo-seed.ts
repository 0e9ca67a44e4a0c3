import type { Db } from '../db/database.ts';

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
}
