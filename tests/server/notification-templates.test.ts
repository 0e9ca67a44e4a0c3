import { describe, expect, it } from 'vitest';
import en from '../../locales/en/notifications.json' with { type: 'json' };
import fr from '../../locales/fr/notifications.json' with { type: 'json' };
import { languages } from '../../src/shared/languages.ts';
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
  callback_confirmation: { reference: 'RAP-7K4Q-9XZ2', window: 'afternoon' },
  dossier_status_changed: { reference: 'DOS-2026-000123', status: 'needs_information' },
  visit_reminder: { date: '2026-12-03', time: '14:30', place: 'Mairie annexe Saint-Michel, 12 rue de la République' },
  document_expiry_reminder: { kind: 'family_record_book', date: '2027-01-31' },
  test_message: {},
};

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('notification templates', () => {
  it('lists every template once', () => {
    expect(notificationTemplates).toEqual(Object.keys(examples));
  });

  it('have the same keys in every locale', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(fr).sort());
  });

  describe.each(languages)('in %s', (language) => {
    it.each(notificationTemplates)('%s fits one GSM-7 SMS and renders every parameter', (template) => {
      const { text } = renderNotification('sms', template, language, examples[template]);
      expect(text).not.toMatch(/\{\{|\$t\(|notifications:/);
      // Values shown as given; dates and stored codes (window, status, kind) are written out in words.
      const shownAsGiven = Object.entries(examples[template]).filter(([name]) => !['date', 'window', 'status', 'kind'].includes(name));
      for (const [, value] of shownAsGiven) expect(text).toContain(String(value));
      expect(countSmsSegments(text)).toMatchObject({ encoding: 'gsm7', segments: 1 });
    });

    it.each(notificationTemplates)('%s has an e-mail subject and body', (template) => {
      const mail = renderNotification('email', template, language, examples[template]);
      expect(mail.subject?.length).toBeGreaterThan(5);
      expect(mail.text.length).toBeGreaterThan(mail.subject?.length ?? 0);
      expect(`${mail.subject} ${mail.text}`).not.toMatch(/\{\{|\$t\(|notifications:/);
    });
  });

  it('writes dates out in the citizen’s language and translates stored values', () => {
    expect(renderNotification('sms', 'visit_reminder', 'fr', examples.visit_reminder).text).toContain('le jeudi 3 décembre à 14:30');
    expect(renderNotification('sms', 'visit_reminder', 'en', examples.visit_reminder).text).toContain('on Thursday, December 3 at 14:30');
    expect(renderNotification('sms', 'callback_confirmation', 'fr', examples.callback_confirmation).text).toContain(
      "vous appellera l'après-midi",
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
