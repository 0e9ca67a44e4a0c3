import { formatWeekday } from '../../shared/format.ts';
import { createInstance, type i18n as I18next } from 'i18next';
import ar from '../../../locales/ar/notifications.json' with { type: 'json' };
import de from '../../../locales/de/notifications.json' with { type: 'json' };
import en from '../../../locales/en/notifications.json' with { type: 'json' };
import es from '../../../locales/es/notifications.json' with { type: 'json' };
import frEasy from '../../../locales/fr-easy/notifications.json' with { type: 'json' };
import fr from '../../../locales/fr/notifications.json' with { type: 'json' };
import nl from '../../../locales/nl/notifications.json' with { type: 'json' };
import * as v from 'valibot';
import { callbackWindows } from '../../shared/callback-request.ts';
import { documentKinds } from '../../shared/documents.ts';
import { languages, type Language } from '../../shared/languages.ts';
import { withRewrites, type LocaleStrings } from '../../shared/locale-files.ts';
import { hasEasyRead, type ReadingMode } from '../../shared/reading.ts';
import type { NotificationChannel } from './notification.table.ts';

export const dossierStatuses = ['draft', 'submitted', 'in_review', 'needs_information', 'accepted', 'rejected', 'closed'] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

const text = (maxLength: number) => v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(maxLength));
const link = () => v.pipe(v.string(), v.url(), v.maxLength(120));

/**
 * Every message Guichet can send, with the parameters its text needs, checked when it is queued
 * and again when the worker reads it back. Adding one: a schema here, and `sms`, `email_subject`,
 * `email_text` under the same name in each `locales/<language>/notifications.json`.
 */
const parameterSchemas = {
  phone_verification_code: v.object({
    code: v.pipe(v.string(), v.regex(/^\d{4,8}$/)),
    minutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  /** `link` cancels the request (a signed token, see `security/signed-token.ts`). */
  callback_confirmation: v.object({ reference: text(40), window: v.picklist(callbackWindows), link: link() }),
  /** Every attempt went unanswered: how to ask again. */
  callback_no_answer: v.object({ reference: text(40), attempts: v.pipe(v.number(), v.integer(), v.minValue(1)), phone: text(20) }),
  /** After a call or a visit: the one-question survey. */
  satisfaction_survey: v.object({ link: link() }),
  dossier_status_changed: v.object({ reference: text(40), status: v.picklist(dossierStatuses) }),
  /** `date` as YYYY-MM-DD (written out in the citizen's language), `time` as HH:MM. */
  visit_reminder: v.object({
    date: v.pipe(v.string(), v.isoDate()),
    time: v.pipe(v.string(), v.isoTime()),
    place: text(2000),
  }),
  /** To the service's accessibility contact: what a citizen reported from the accessibility statement. */
  accessibility_feedback: v.object({ message: text(2000), page: text(200), contact: text(200), language: v.picklist(languages) }),
  /** `date` as YYYY-MM-DD: the document's expiry date. */
  document_expiry_reminder: v.object({ kind: v.picklist(documentKinds), date: v.pipe(v.string(), v.isoDate()) }),
  /**
   * Counter visits: `link` is the citizen's manage link (what to bring, cancel, move), kept short;
   * `hours`: until how long before the visit it can be cancelled or moved online.
   */
  visit_confirmation: v.object({
    reference: text(40),
    date: v.pipe(v.string(), v.isoDate()),
    time: v.pipe(v.string(), v.isoTime()),
    hours: v.pipe(v.number(), v.integer(), v.minValue(0)),
    link: v.pipe(v.string(), v.url(), v.maxLength(80)),
  }),
  /** A visit booked too close to change online: `phone` is the number to call to cancel or move it. */
  visit_confirmation_fixed: v.object({
    reference: text(40),
    date: v.pipe(v.string(), v.isoDate()),
    time: v.pipe(v.string(), v.isoTime()),
    phone: text(20),
    link: v.pipe(v.string(), v.url(), v.maxLength(80)),
  }),
  visit_cancelled_by_service: v.object({
    reference: text(40),
    date: v.pipe(v.string(), v.isoDate()),
    time: v.pipe(v.string(), v.isoTime()),
  }),
  /** Read back to the agent by the citizen who agrees to let them act on their behalf. */
  mandate_consent_code: v.object({
    code: v.pipe(v.string(), v.regex(/^\d{4,8}$/)),
    minutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
    agent: text(100),
  }),
  dossier_submitted_on_behalf: v.object({ reference: text(40), channel: v.picklist(['phone', 'counter']) }),
  test_message: v.strictObject({}),
} satisfies Record<string, v.GenericSchema<Record<string, string | number>>>;

export type NotificationTemplate = keyof typeof parameterSchemas;
export type NotificationTemplates = { [T in NotificationTemplate]: v.InferOutput<(typeof parameterSchemas)[T]> };

export const notificationTemplates = Object.keys(parameterSchemas) as NotificationTemplate[];

/** Templates whose parameters are secrets: wiped from the outbox once the message is sent or has failed. */
export const secretParameterTemplates: ReadonlySet<NotificationTemplate> = new Set([
  'phone_verification_code',
  'mandate_consent_code',
  'callback_confirmation',
  'satisfaction_survey',
  // The manage link cancels or moves the visit: whoever reads the outbox must not be able to.
  'visit_confirmation',
  'visit_confirmation_fixed',
]);

export function isNotificationTemplate(value: string): value is NotificationTemplate {
  return Object.hasOwn(parameterSchemas, value);
}

/** A template's text is missing, or a parameter it uses was not given. */
export class TemplateError extends Error {
  constructor(readonly code: 'unknown_template' | 'invalid_parameters') {
    super(code);
  }
}

const namespace = 'notifications';
const strings: Record<Language, typeof fr> = { fr, en, nl, de, es, ar };

/** Easy-to-read rewrites (`locales/<language>-easy/`): they only hold the keys they rewrite. */
const easyStrings: Partial<Record<Language, LocaleStrings>> = { fr: frEasy };

/**
 * An i18next instance for messages, the same library the pages use: plain text out (no HTML
 * escaping, messages are not HTML), and a parameter left out is an error, never "{{code}}".
 */
function templatesI18n(resources: Partial<Record<Language, LocaleStrings>>): I18next {
  const instance = createInstance({
    lng: 'fr',
    fallbackLng: false,
    ns: [namespace],
    defaultNS: namespace,
    resources: Object.fromEntries(Object.entries(resources).map(([language, texts]) => [language, { [namespace]: texts }])),
    interpolation: { escapeValue: false },
    missingInterpolationHandler: () => {
      throw new TemplateError('invalid_parameters');
    },
    initAsync: false,
  });
  void instance.init();
  instance.services.formatter?.add('day', (value: unknown, language: string | undefined) => formatWeekday(language ?? 'fr', String(value)));
  return instance;
}

const standardI18n = templatesI18n(strings);
/** Easy-to-read text for a citizen who chose it: the easy rewrites over the standard text, key by key, as on the pages. */
const easyI18n = templatesI18n(
  Object.fromEntries(
    Object.entries(easyStrings).map(([language, rewrites]) => [language, withRewrites(strings[language as Language], rewrites)]),
  ),
);

export interface RenderedNotification {
  /** E-mail only. */
  subject: string | undefined;
  text: string;
}

/** The text of a message in the citizen's language and way of reading, for the channel it goes through. */
export function renderNotification<T extends NotificationTemplate>(
  channel: NotificationChannel,
  template: T,
  language: Language,
  params: NotificationTemplates[T],
  reading: ReadingMode = 'standard',
): RenderedNotification {
  if (!isNotificationTemplate(template)) throw new TemplateError('unknown_template');
  const checked = v.safeParse(parameterSchemas[template], params);
  if (!checked.success) throw new TemplateError('invalid_parameters');
  // Parameters are checked by `NotificationTemplates`; i18next's key-inference types add nothing here.
  const i18n = reading === 'easy' && hasEasyRead(language) ? easyI18n : standardI18n;
  const t = i18n.getFixedT(language, namespace) as (key: string, options: Record<string, unknown>) => string;
  const translate = (key: string) => {
    if (!i18n.exists(key, { lng: language, ns: namespace })) throw new TemplateError('unknown_template');
    return t(key, checked.output);
  };
  if (channel === 'sms') return { subject: undefined, text: translate(`${template}.sms`) };
  return { subject: translate(`${template}.email_subject`), text: translate(`${template}.email_text`) };
}
