import { describe, expect, it } from 'vitest';
import { languages } from '../../shared/languages.ts';
import { namedFieldError } from '../../shared/field-error.ts';
import { loadI18n } from '../i18n/i18n.ts';
import { fieldErrorText } from './field-error.ts';

const messages = ['required', 'choose', 'choose_some', 'number', 'pattern', 'date_day', 'phone', 'email', 'postcode', 'document'];

describe('field errors that name their question', () => {
  it.each(languages)('%s: each message says which question, and two questions never read the same', async (language) => {
    const i18n = await loadI18n(language, ['common', 'procedures']);
    const label = (question: string) => i18n.t(`procedures:school-canteen.questions.${question}.label`);
    for (const message of messages) {
      const key = `procedures:errors.${message}`;
      const child = fieldErrorText(i18n.t, namedFieldError(key, 'procedures:school-canteen.questions.child_given_name.label'));
      const school = fieldErrorText(i18n.t, namedFieldError(key, 'procedures:school-canteen.questions.school.label'));
      expect(child, `${language} ${message}`).toContain(label('child_given_name'));
      expect(child).not.toContain('{{');
      expect(school).toContain(label('school'));
      expect(child).not.toBe(school);
    }
  });

  it('reads a message without a question as before', async () => {
    const i18n = await loadI18n('fr', ['common', 'procedures']);
    expect(fieldErrorText(i18n.t, 'procedures:errors.required')).toBe('Répondez à cette question');
    expect(
      fieldErrorText(i18n.t, namedFieldError('procedures:errors.required', 'procedures:school-canteen.questions.child_birthdate.label')),
    ).toBe('« Date de naissance de l’enfant » : répondez à cette question');
    // A question may say it in its own words.
    expect(
      fieldErrorText(
        i18n.t,
        namedFieldError('procedures:errors.required', 'procedures:civil-status-certificate.questions.birthdate.label'),
      ),
    ).toBe('Indiquez votre date de naissance');
    // A message with no named variant (shared by every form) still reads, without a placeholder.
    expect(
      fieldErrorText(i18n.t, namedFieldError('common:errors.text_not_allowed', 'procedures:school-canteen.questions.school.label')),
    ).not.toContain('{{');
  });
});
