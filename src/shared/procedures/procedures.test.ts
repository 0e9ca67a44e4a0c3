import { describe, expect, it } from 'vitest';
import { validate } from '../validation.ts';
import { answersSchema, askedSteps, askedValues } from './answers.ts';
import { procedures } from './catalogue.ts';
import { checkProcedureDefinition } from './definition-check.ts';
import { allQuestions, prefillSources, questionTypes } from './definition.ts';
import { schoolCanteen } from './school-canteen.ts';
import { residentParkingPermit } from './resident-parking-permit.ts';
import { civilStatusCertificate } from './civil-status-certificate.ts';
import { canteenAnswers } from './school-canteen.example.ts';

describe('procedures as data', () => {
  it('each shipped procedure passes the check the server runs when it loads them', () => {
    for (const procedure of procedures) expect(checkProcedureDefinition(procedure)).toBe(procedure);
  });

  it('ship three procedures that together use every question type and every pre-fill source', () => {
    expect(procedures).toHaveLength(3);
    const questions = procedures.flatMap(allQuestions);
    expect(new Set(questions.map((question) => question.type))).toEqual(new Set(questionTypes));
    expect(new Set(questions.flatMap((question) => (question.prefill ? [question.prefill.source] : [])))).toEqual(new Set(prefillSources));
    expect(questions.some((question) => question.prefill?.source === 'identity' && question.prefill.frozen)).toBe(true);
  });

  it('refuse a broken definition when loaded, saying what is wrong', () => {
    expect(() => checkProcedureDefinition({ id: 'x', service: 'education', answerWithinDays: 1, steps: [] })).toThrow(/steps/);
    expect(() =>
      checkProcedureDefinition({
        id: 'x',
        service: 'education',
        answerWithinDays: 1,
        steps: [{ id: 'a', questions: [{ id: 'q', type: 'text', when: { question: 'later', equals: 'yes' } }] }],
      }),
    ).toThrow(/later, which is not asked before it/);
    expect(() =>
      checkProcedureDefinition({
        id: 'x',
        service: 'education',
        answerWithinDays: 1,
        steps: [{ id: 'a', questions: [{ id: 'q', type: 'single_choice' }] }],
      }),
    ).toThrow(/options/);
    expect(() =>
      checkProcedureDefinition({
        id: 'x',
        service: 'education',
        answerWithinDays: 1,
        steps: [
          {
            id: 'a',
            questions: [{ id: 'q', type: 'number', prefill: { source: 'connector', dataset: 'family_quotient', field: 'shoe_size' } }],
          },
        ],
      }),
    ).toThrow(/no shoe_size/);
  });
});

describe('the schema generated from a definition', () => {
  it('turns the answers as typed into typed values', () => {
    const result = validate(answersSchema(schoolCanteen), canteenAnswers);
    expect(result).toEqual({
      ok: true,
      value: {
        child_given_name: 'Lou',
        child_family_name: 'Dupont',
        child_birthdate: '2018-09-03',
        school: 'louise_michel',
        days: ['monday', 'thursday'],
        allergies: false,
        family_quotient: 742,
        household_size: 4,
        home_address: { line1: '12 rue des Lilas', postcode: '87000', city: 'Limoges' },
        phone: '+33612345678',
      },
    });
  });

  it('names each problem by its field, as an i18n key', () => {
    const result = validate(answersSchema(schoolCanteen), {
      ...canteenAnswers,
      'child_birthdate.day': '31',
      'child_birthdate.month': '2',
      days: '',
      'home_address.postcode': '870',
      phone: '12',
      family_quotient: 'beaucoup',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        child_birthdate: 'procedures:errors.date_day',
        days: 'procedures:errors.choose_some',
        family_quotient: 'procedures:errors.number',
        'home_address.postcode': 'procedures:errors.postcode',
        phone: 'procedures:errors.phone',
      },
    });
  });

  it('checks one step at a time for the step pages', () => {
    expect(validate(answersSchema(schoolCanteen, 'health'), { allergies: 'yes' })).toEqual({
      ok: false,
      errors: { allergy_details: 'procedures:errors.required' },
    });
    expect(validate(answersSchema(schoolCanteen, 'health'), { allergies: 'yes', allergy_details: 'Arachides' }).ok).toBe(true);
  });

  it('accepts partial dates where the procedure allows them, and not elsewhere', () => {
    const civil = validate(answersSchema(civilStatusCertificate, 'identity'), {
      given_name: 'Camille',
      family_name: 'Martin',
      'birthdate.year': '1987',
      birthplace: 'Limoges',
    });
    expect(civil.ok && civil.value.birthdate).toBe('1987');
    const parking = validate(answersSchema(residentParkingPermit, 'address'), {
      'address.line1': '1 place de la République',
      'address.postcode': '87000',
      'address.city': 'Limoges',
      'resident_since.year': '2020',
    });
    expect(parking).toEqual({ ok: false, errors: { resident_since: 'procedures:errors.date_month' } });
  });

  it('skips conditional questions and steps, and drops their answers', () => {
    const byPost = { delivery: 'post', email: 'stale@example.fr' };
    expect(askedSteps(civilStatusCertificate, byPost).map((step) => step.id)).toEqual(['identity', 'certificate', 'delivery', 'contact']);
    expect(askedValues(civilStatusCertificate, byPost)).toEqual({ delivery: 'post' });
  });
});
