import * as v from 'valibot';
import { surveyRatings } from './satisfaction-survey.ts';
import { choice } from './validation.ts';

/** The one answer a survey takes: a rating from 1 to 5. */
export const surveyAnswerSchema = v.object({
  rating: v.pipe(choice(surveyRatings, 'survey:errors.rating_required'), v.transform(Number)),
});
