import { describe, expect, it } from 'vitest';
import { validate } from '../validation.ts';
import { postcodeSchema } from '../visit.ts';
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
    const label = (question: string) => `procedures:school-canteen.questions.${question}.label`;
    expect(result).toEqual({
      ok: false,
      errors: {
        child_birthdate: `procedures:errors.date_day|${label('child_birthdate')}`,
        days: `procedures:errors.choose_some|${label('days')}`,
        family_quotient: `procedures:errors.number|${label('family_quotient')}`,
        // An address's box is named by its own label.
        'home_address.postcode': 'procedures:errors.postcode|common:form.address.postcode',
        phone: `procedures:errors.phone|${label('phone')}`,
      },
    });
  });

  it('checks one step at a time for the step pages', () => {
    expect(validate(answersSchema(schoolCanteen, 'health'), { allergies: 'yes' })).toEqual({
      ok: false,
      errors: { allergy_details: 'procedures:errors.required|procedures:school-canteen.questions.allergy_details.label' },
    });
    expect(validate(answersSchema(schoolCanteen, 'health'), { allergies: 'yes', allergy_details: 'Arachides' }).ok).toBe(true);
  });

  it('accepts partial dates where the procedure allows them, and not elsewhere', () => {
    const civil = validate(answersSchema(civilStatusCertificate, 'identity'), {
      given_name: 'Camille',
      family_name: 'Martin',
      'birthdate.year': '1987',
      born_abroad: 'no',
      birthplace: 'Limoges',
    });
    expect(civil.ok && civil.value.birthdate).toBe('1987');
    const parking = validate(answersSchema(residentParkingPermit, 'address'), {
      'address.line1': '1 place de la République',
      'address.postcode': '87000',
      'address.city': 'Limoges',
      'resident_since.year': '2020',
    });
    expect(parking).toEqual({
      ok: false,
      errors: { resident_since: 'procedures:errors.date_month|procedures:resident-parking-permit.questions.resident_since.label' },
    });
  });

  it('skips conditional questions and steps, and drops their answers', () => {
    const byPost = { delivery: 'post', email: 'stale@example.fr' };
    expect(askedSteps(civilStatusCertificate, byPost).map((step) => step.id)).toEqual(['identity', 'certificate', 'delivery', 'contact']);
    expect(askedValues(civilStatusCertificate, byPost)).toEqual({ delivery: 'post' });
  });
});

describe('answers typed the way people type them', () => {
  const vehicle = (registration: string) =>
    validate(answersSchema(residentParkingPermit, 'vehicle'), { registration, ownership: 'owner', electric: 'no' });

  it('normalises a number plate’s case and separators instead of refusing it', () => {
    for (const typed of ['ab 123 cd', 'AB-123-CD', ' ab.123.cd ', 'Ab - 123 - cD', 'AB123CD']) {
      const result = vehicle(typed);
      expect(result.ok, typed).toBe(true);
      expect(result.ok && result.value.registration).toMatch(/^AB-?123-?CD$/);
    }
    expect(vehicle('ab 123 cd').ok && vehicle('ab 123 cd')).toMatchObject({ value: { registration: 'AB-123-CD' } });
    expect(vehicle('1234 XY 59')).toEqual({
      ok: false,
      errors: { registration: 'procedures:errors.pattern|procedures:resident-parking-permit.questions.registration.label' },
    });
  });

  it('takes spaces in a postcode and international forms of a phone number', () => {
    const result = validate(answersSchema(schoolCanteen), {
      ...canteenAnswers,
      'home_address.postcode': '87 000',
      phone: '+33 (0)6 12 34 56 78',
    });
    expect(result.ok && result.value.home_address).toEqual({ line1: '12 rue des Lilas', postcode: '87000', city: 'Limoges' });
    expect(result.ok && result.value.phone).toBe('+33612345678');
    expect(validate(answersSchema(schoolCanteen), { ...canteenAnswers, phone: '0033 6 12 34 56 78' }).ok).toBe(true);
    // The visit booking's postcode goes through the same rule.
    expect(validate(postcodeSchema, ' 87 200 ')).toEqual({ ok: true, value: '87200' });
  });

  it('names the question of every problem on a step, so no two messages read the same', () => {
    const result = validate(answersSchema(schoolCanteen, 'child'), {});
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : Object.values(result.errors);
    expect(messages).toHaveLength(3);
    expect(new Set(messages).size).toBe(3);
  });

  it('lets a citizen born abroad give a country and a city, with no French commune asked', () => {
    const abroad = { given_name: 'Amadou', family_name: 'Diallo', 'birthdate.year': '1990', born_abroad: 'yes' };
    expect(
      validate(answersSchema(civilStatusCertificate, 'identity'), { ...abroad, birth_country: 'Sénégal', birth_city: 'Dakar' }),
    ).toMatchObject({
      ok: true,
      value: { born_abroad: true, birth_country: 'Sénégal', birth_city: 'Dakar' },
    });
    const missing = validate(answersSchema(civilStatusCertificate, 'identity'), abroad);
    expect(missing.ok ? [] : Object.keys(missing.errors)).toEqual(['birth_country', 'birth_city']);
  });
});
