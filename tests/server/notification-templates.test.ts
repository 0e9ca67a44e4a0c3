import { describe, expect, it } from 'vitest';
import ar from '../../locales/ar/notifications.json' with { type: 'json' };
import de from '../../locales/de/notifications.json' with { type: 'json' };
import en from '../../locales/en/notifications.json' with { type: 'json' };
import es from '../../locales/es/notifications.json' with { type: 'json' };
import fr from '../../locales/fr/notifications.json' with { type: 'json' };
import nl from '../../locales/nl/notifications.json' with { type: 'json' };
import { languages, type Language } from '../../src/shared/languages.ts';
import { countSmsSegments, prepareSmsText } from '../../src/shared/sms-segments.ts';
import {
  notificationTemplates,
  renderNotification,
  type NotificationTemplate,
  type NotificationTemplates,
} from '../../src/server/notifications/notification-templates.ts';

/** Realistic values, at the long end of what each parameter holds. */
const examples: { [T in NotificationTemplate]: NotificationTemplates[T] } = {
  phone_verification_code: { code: '481516', minutes: 15 },
  callback_confirmation: {
    reference: 'RAP-7K4Q-9XZ2',
    window: 'afternoon',
    link: 'https://guichet.example.fr/callback/cancel/AbCdEfGhIjKlMnOp.QrStUvWxYz12',
  },
  callback_no_answer: { reference: 'RAP-7K4Q-9XZ2', attempts: 3, phone: '05 55 00 00 00' },
  satisfaction_survey: { link: 'https://guichet.example.fr/survey/AbCdEfGhIjKlMnOp.QrStUvWxYz12' },
  dossier_status_changed: { reference: 'DOS-2026-000123', status: 'needs_information' },
  visit_reminder: { date: '2026-12-03', time: '14:30', place: 'Mairie annexe Saint-Michel, 12 rue de la République' },
  accessibility_feedback: { message: 'Le bouton Envoyer est trop petit', page: '/callback', contact: '06 12 34 56 78', language: 'en' },
  document_expiry_reminder: { kind: 'family_record_book', date: '2027-01-31' },
  visit_confirmation: {
    reference: 'RDV-7K4Q-9XZ2',
    date: '2026-12-02',
    time: '14:30',
    hours: 48,
    link: 'https://guichet.example.fr/v/Kq3v9ZtXc0bJw1YhL5nRuA8sD2fG6mPe',
  },
  visit_confirmation_fixed: {
    reference: 'RDV-7K4Q-9XZ2',
    date: '2026-12-02',
    time: '14:30',
    phone: '05 55 00 00 00',
    link: 'https://guichet.example.fr/v/Kq3v9ZtXc0bJw1YhL5nRuA8sD2fG6mPe',
  },
  visit_cancelled_by_service: { reference: 'RDV-7K4Q-9XZ2', date: '2026-12-02', time: '14:30' },
  mandate_consent_code: { code: '583920', minutes: 10, agent: 'Marie-Christine' },
  dossier_submitted_on_behalf: { reference: 'GU-2026-000123', channel: 'counter' },
  test_message: {},
};

/**
 * Arabic has no GSM-7 alphabet: its messages go as UCS-2, 67 characters a segment once split, so
 * two segments are what one is in the Latin-script languages (the visit confirmation: one more).
 */
const smsBudget = (language: Language, template: NotificationTemplate) => {
  // The visit's confirmation carries the visit, its link, what to bring and until when it can be
  // changed online (or whom to call): the one message whose truth is worth a second segment.
  const segments = template === 'visit_confirmation' || template === 'visit_confirmation_fixed' ? 2 : 1;
  return language === 'ar' ? { encoding: 'ucs2', segments: segments + 1 } : { encoding: 'gsm7', segments };
};

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('notification templates', () => {
  it('lists every template once', () => {
    expect(notificationTemplates).toEqual(Object.keys(examples));
  });

  it.each(Object.entries({ en, nl, de, es, ar }))('have the same keys in %s as in French', (_language, strings) => {
    expect(keyPaths(strings).sort()).toEqual(keyPaths(fr).sort());
  });

  describe.each(languages)('in %s', (language) => {
    it.each(notificationTemplates)('%s fits its SMS budget (one GSM-7 segment, two in Arabic) and renders every parameter', (template) => {
      const { text } = renderNotification('sms', template, language, examples[template]);
      expect(text).not.toMatch(/\{\{|\$t\(|notifications:/);
      // Values shown as given; dates and stored codes (window, status, channel, kind) are written out in words.
      const shownAsGiven = Object.entries(examples[template]).filter(
        ([name]) => !['date', 'window', 'status', 'channel', 'kind'].includes(name),
      );
      for (const [, value] of shownAsGiven) expect(text).toContain(String(value));
      const budget = smsBudget(language, template);
      const cost = countSmsSegments(text);
      expect(cost.encoding).toBe(budget.encoding);
      expect(cost.segments).toBeLessThanOrEqual(budget.segments);
    });

    it.each(notificationTemplates)('%s has an e-mail subject and body', (template) => {
      const mail = renderNotification('email', template, language, examples[template]);
      expect(mail.subject?.length).toBeGreaterThan(5);
      expect(mail.text.length).toBeGreaterThan(mail.subject?.length ?? 0);
      expect(`${mail.subject} ${mail.text}`).not.toMatch(/\{\{|\$t\(|notifications:/);
    });
  });

  // Easy-to-read French (`locales/fr-easy`) for a citizen who chose it: never dearer than French.
  describe('in easy-to-read French', () => {
    it.each(notificationTemplates)('%s costs no more segments than in French, in GSM-7, and renders every parameter', (template) => {
      const { text } = renderNotification('sms', template, 'fr', examples[template], 'easy');
      expect(text).not.toMatch(/\{\{|\$t\(|notifications:/);
      const shownAsGiven = Object.entries(examples[template]).filter(
        ([name]) => !['date', 'window', 'status', 'channel', 'kind'].includes(name),
      );
      for (const [, value] of shownAsGiven) expect(text).toContain(String(value));
      const standard = countSmsSegments(renderNotification('sms', template, 'fr', examples[template]).text);
      expect(countSmsSegments(text).encoding).toBe('gsm7');
      expect(countSmsSegments(text).segments).toBeLessThanOrEqual(standard.segments);
    });

    it.each(notificationTemplates)('%s has an e-mail subject and body', (template) => {
      const mail = renderNotification('email', template, 'fr', examples[template], 'easy');
      expect(mail.subject?.length).toBeGreaterThan(5);
      expect(`${mail.subject} ${mail.text}`).not.toMatch(/\{\{|\$t\(|notifications:/);
    });

    // "mercredi 30 septembre": the longest date in words (without "août", which needs UCS-2 anyway).
    it.each(['visit_confirmation', 'visit_cancelled_by_service'] as const)('%s costs no more on the longest date either', (template) => {
      const params = { ...examples[template], date: '2026-09-30' };
      const { text } = renderNotification('sms', template, 'fr', params, 'easy');
      expect(text).toContain('mercredi 30 septembre');
      expect(countSmsSegments(text).segments).toBeLessThanOrEqual(
        countSmsSegments(renderNotification('sms', template, 'fr', params).text).segments,
      );
    });

    it('rewrites what it rewrites, keeps the standard text for the rest, and leaves the standard text as it was', () => {
      const code = examples.phone_verification_code;
      expect(renderNotification('sms', 'phone_verification_code', 'fr', code, 'easy').text).toContain('Il marche 15 minutes.');
      expect(renderNotification('sms', 'phone_verification_code', 'fr', code).text).toContain('Il expire dans 15 minutes.');
      expect(renderNotification('email', 'visit_reminder', 'fr', examples.visit_reminder, 'easy').subject).toBe(
        renderNotification('email', 'visit_reminder', 'fr', examples.visit_reminder).subject,
      );
    });
  });

  it('writes dates out in the citizen’s language and translates stored values', () => {
    expect(renderNotification('sms', 'visit_reminder', 'fr', examples.visit_reminder).text).toContain('le jeudi 3 décembre à 14:30');
    expect(renderNotification('sms', 'visit_reminder', 'en', examples.visit_reminder).text).toContain('on Thursday, December 3 at 14:30');
    expect(renderNotification('sms', 'callback_confirmation', 'fr', examples.callback_confirmation).text).toContain(
      "est prévu l'après-midi",
    );
    expect(renderNotification('sms', 'dossier_status_changed', 'en', examples.dossier_status_changed).text).toContain(
      '"waiting for information from you"',
    );
  });

  it('"août" needs UCS-2 in French; with accent folding the reminder is GSM-7 again', () => {
    const { text } = renderNotification('sms', 'visit_reminder', 'fr', { ...examples.visit_reminder, date: '2026-08-04' });
    expect(text).toContain('mardi 4 août');
    expect(countSmsSegments(text).encoding).toBe('ucs2');
    const folded = prepareSmsText(text, { foldAccents: true });
    expect(folded.text).toContain('mardi 4 aout');
    expect(folded.text).toContain('République');
    expect(folded.segments).toMatchObject({ encoding: 'gsm7', segments: 1 });
  });

  it('refuses a missing or malformed parameter instead of sending "{{code}}"', () => {
    expect(() => renderNotification('sms', 'phone_verification_code', 'fr', { code: '123456' } as never)).toThrow('invalid_parameters');
    expect(() => renderNotification('sms', 'visit_reminder', 'fr', { ...examples.visit_reminder, date: 'demain' })).toThrow(
      'invalid_parameters',
    );
  });
});
