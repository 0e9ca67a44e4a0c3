import { formatPhone } from '../../shared/phone.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import type { IdentityClaim, Question } from '../../shared/procedures/definition.ts';
import { communeName, countryName, isBornInFrance } from '../places/place-names.ts';

/**
 * An identity claim as the answer to a question, in the form's fields and in words the citizen
 * reads: dates split in three boxes, phones as people write them, INSEE codes as the commune's or
 * the country's name in the page's language. A yes/no question fed by `birthcountry` asks "born
 * abroad?". Undefined when the claim cannot answer the question (an unknown code): the citizen then
 * types the answer rather than read a code.
 */
export async function identityAnswer(
  question: Question,
  claim: IdentityClaim,
  value: string,
  language: string,
): Promise<FormValues | undefined> {
  const one = (answer: string | undefined) => (answer === undefined ? undefined : { [question.id]: answer });
  if (question.type === 'date') {
    const [year = '', month = '', day = ''] = value.split('-');
    return { [`${question.id}.year`]: year, [`${question.id}.month`]: month, [`${question.id}.day`]: day };
  }
  if (question.type === 'phone') return one(formatPhone(value));
  if (claim === 'birthplace') return one(await communeName(value));
  if (claim === 'birthcountry') {
    if (question.type === 'yes_no') return one(isBornInFrance(value) ? 'no' : 'yes');
    return one(countryName(value, language));
  }
  return one(value);
}
