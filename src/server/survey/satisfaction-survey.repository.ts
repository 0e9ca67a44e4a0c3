import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SatisfactionSurveyTable } from './satisfaction-survey.table.ts';

export async function insertSurvey(db: Db, row: Insertable<SatisfactionSurveyTable>): Promise<void> {
  await db.insertInto('satisfaction_survey').values(row).execute();
}

export async function findSurveyBySubject(db: Db, subject: { type: string; id: string }) {
  return db
    .selectFrom('satisfaction_survey')
    .select('id')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
}

export async function findSurveyByToken(db: Db, tokenHash: string) {
  return db.selectFrom('satisfaction_survey').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Records the rating once: a second answer with the same link changes nothing. */
export async function answerSurveyOnce(db: Db, tokenHash: string, rating: number): Promise<boolean> {
  const result = await db
    .updateTable('satisfaction_survey')
    .set({ rating, answered_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Invitations and answers per service and channel, with how many gave each rating. */
export async function surveyTotals(db: Db) {
  return db
    .selectFrom('satisfaction_survey')
    .select((eb) => [
      'service',
      'channel',
      eb.fn.countAll<string>().as('invited'),
      eb.fn.count<string>('rating').as('answered'),
      eb.fn.avg<string | null>('rating').as('average'),
      ...([1, 2, 3, 4, 5] as const).map((rating) =>
        eb.fn.count<string>(sql`case when rating = ${rating} then 1 end`).as(`rated_${rating}`),
      ),
    ])
    .groupBy(['service', 'channel'])
    .orderBy('service')
    .orderBy('channel')
    .execute();
}
