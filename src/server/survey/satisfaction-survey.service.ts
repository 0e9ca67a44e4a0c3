import type { Language } from '../../shared/languages.ts';
import type { SatisfactionResult, SurveyChannel } from '../../shared/satisfaction-survey.ts';
import type { Db } from '../db/database.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import { absoluteLink, newSignedToken, verifySignedToken, type SignedLinks } from '../security/signed-token.ts';
import { answerSurveyOnce, findSurveyBySubject, findSurveyByToken, insertSurvey, surveyTotals } from './satisfaction-survey.repository.ts';

export interface SurveyInvitation {
  channel: SurveyChannel;
  /** What the citizen was served for (a call-back topic, a counter service): results are grouped by it. */
  service: string;
  /** E.164; used for the SMS only, never stored with the survey. */
  phone: string;
  language: Language;
  /** The call or visit rated: one invitation per subject, however often this is called. */
  subject: { type: string; id: string };
  personId?: string;
}

/**
 * After a call back is done or a counter visit is seen: an SMS inviting the citizen to rate it on
 * a one-question page (public, single use). Give it the caller's transaction. Returns false when
 * this call or visit was already rated or invited.
 */
export async function inviteToSatisfactionSurvey(db: Db, invitation: SurveyInvitation, links: SignedLinks): Promise<boolean> {
  if (await findSurveyBySubject(db, invitation.subject)) return false;
  const { token, hash } = newSignedToken(links.secret, 'satisfaction-survey');
  await insertSurvey(db, {
    token_hash: hash,
    channel: invitation.channel,
    service: invitation.service,
    language: invitation.language,
    subject_type: invitation.subject.type,
    subject_id: invitation.subject.id,
  });
  await queueNotification(db, {
    channel: 'sms',
    to: invitation.phone,
    template: 'satisfaction_survey',
    language: invitation.language,
    params: { link: absoluteLink(links, `/survey/${token}`) },
    ...(invitation.personId ? { personId: invitation.personId } : {}),
  });
  return true;
}

/** The survey a link opens, if the link is genuine. */
export async function surveyOfToken(db: Db, links: SignedLinks, token: string) {
  const hash = verifySignedToken(links.secret, 'satisfaction-survey', token);
  if (!hash) return undefined;
  const survey = await findSurveyByToken(db, hash);
  return survey && { ...survey, hash };
}

export async function answerSurvey(db: Db, tokenHash: string, rating: number): Promise<boolean> {
  return answerSurveyOnce(db, tokenHash, rating);
}

/** The admin page's figures: for each service and channel, how many were asked, answered, and how. */
export async function satisfactionResults(db: Db): Promise<SatisfactionResult[]> {
  const rows = await surveyTotals(db);
  return rows.map((row) => {
    const answered = Number(row.answered);
    return {
      service: row.service,
      channel: row.channel,
      invited: Number(row.invited),
      answered,
      average: answered > 0 && row.average !== null ? Math.round(Number(row.average) * 10) / 10 : null,
      counts: [Number(row.rated_1), Number(row.rated_2), Number(row.rated_3), Number(row.rated_4), Number(row.rated_5)],
    };
  });
}
