import { answersSchema, askedQuestions, askedSteps, type FormValues } from '../../src/shared/procedures/answers.ts';
import type { ProcedureDefinition, Question } from '../../src/shared/procedures/definition.ts';
import { findPersona, type CitizenPersona } from '../../src/shared/dev-personas.ts';
import { validate } from '../../src/shared/validation.ts';
import { identityAnswer } from '../../src/server/procedures/identity-answers.ts';

/** The development provider's citizen with a phone and no e-mail address. */
export function phoneOnlyPersona(): CitizenPersona {
  const persona = findPersona('odette-leroy');
  if (persona?.audience !== 'citizen' || persona.claims.email !== undefined || !persona.claims.phone_number) {
    throw new Error('odette-leroy is no longer the phone-only persona');
  }
  return persona;
}

/**
 * What a person types for a question nobody pre-filled. Never an e-mail address: the phone-only
 * citizen has none, so an e-mail question is left empty and must be optional or avoidable.
 */
function typedAnswer(question: Question, documentId: string): FormValues {
  const id = question.id;
  switch (question.type) {
    case 'text':
      // Typed as people do (lower case, spaces): the shared validation must normalise it.
      return { [id]: question.pattern ? 'ab 123 cd' : 'Dakar' };
    case 'long_text':
      return { [id]: 'Rien à ajouter' };
    case 'number':
      return { [id]: String(question.min ?? 1) };
    case 'date':
      return { [`${id}.day`]: '1', [`${id}.month`]: '9', [`${id}.year`]: '2018' };
    case 'multiple_choice':
      return { [id]: question.options?.[0] ?? '' };
    case 'phone':
      return { [id]: '06 98 76 54 32' };
    case 'email':
      return {};
    case 'address':
      return { [`${id}.line1`]: '3 rue des Tilleuls', [`${id}.postcode`]: '59 000', [`${id}.city`]: 'Lille' };
    case 'document':
      return { [id]: documentId };
    case 'single_choice':
    case 'yes_no':
      return {};
  }
}

/**
 * Walks a procedure as the phone-only citizen: identity questions answered from her sign-in (as
 * the server pre-fills them), the rest typed, and every choice tried until one path passes the
 * shared validation. Returns the first complete set of answers, or undefined when every path
 * needs something she cannot give.
 */
export async function phoneOnlyAnswers(definition: ProcedureDefinition, documentId: string): Promise<FormValues | undefined> {
  const persona = phoneOnlyPersona();
  const fixed: FormValues = {};
  for (const question of definition.steps.flatMap((step) => step.questions)) {
    const prefill = question.prefill;
    const claim = prefill?.source === 'identity' ? persona.claims[prefill.claim] : undefined;
    const answer = prefill?.source === 'identity' && claim ? await identityAnswer(question, prefill.claim, claim, 'fr') : undefined;
    Object.assign(fixed, answer ?? typedAnswer(question, documentId));
  }
  const choices = definition.steps
    .flatMap((step) => step.questions)
    .filter((question) => (question.type === 'single_choice' || question.type === 'yes_no') && fixed[question.id] === undefined);
  const tryFrom = (index: number, values: FormValues): FormValues | undefined => {
    if (index === choices.length) {
      const asked = askedSteps(definition, values).flatMap((step) => askedQuestions(step, values));
      const kept = Object.fromEntries(
        Object.entries(values).filter(([name]) => asked.some((question) => name === question.id || name.startsWith(`${question.id}.`))),
      );
      return validate(answersSchema(definition), kept).ok ? kept : undefined;
    }
    const question = choices[index] as Question;
    for (const option of question.type === 'yes_no' ? ['yes', 'no'] : (question.options ?? [])) {
      const found = tryFrom(index + 1, { ...values, [question.id]: option });
      if (found) return found;
    }
    return undefined;
  };
  return tryFrom(0, fixed);
}
