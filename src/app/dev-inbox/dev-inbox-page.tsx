import { formatDateTime } from '../../shared/format.ts';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { devInboxApiPath, type DevInboxMessage, type DevInboxResponse } from '../../shared/notifications.ts';
import { formatPhone } from '../../shared/phone.ts';
import { countSmsSegments } from '../../shared/sms-segments.ts';
import { getJson } from '../http/api-client.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { Page } from '../page/page.tsx';

type InboxState =
  { kind: 'loading' } | { kind: 'ready'; messages: DevInboxMessage[] } | { kind: 'unavailable' } | { kind: 'problem'; key: string };

/**
 * The development inbox: the SMS and e-mails Guichet "sent" in a demonstration, newest first, so
 * a person trying it reads their verification code here. The server renders it with the
 * messages (no JavaScript needed); Refresh reloads the list in place when JavaScript runs.
 */
export default function DevInboxPage() {
  const { t } = useTranslation();
  const initial = usePageContext().state.devInbox;
  const [state, setState] = useState<InboxState>(initial ? { kind: 'ready', messages: initial.messages } : { kind: 'loading' });

  const load = async () => {
    const result = await getJson<DevInboxResponse>(devInboxApiPath);
    if (result.ok) setState({ kind: 'ready', messages: result.body.messages });
    else if (result.status === 404) setState({ kind: 'unavailable' });
    else setState({ kind: 'problem', key: result.status === 0 ? 'common:errors.network' : 'common:errors.unexpected' });
  };

  useEffect(() => {
    if (!initial) void load();
  }, []);

  const status =
    state.kind === 'loading'
      ? t('dev-inbox:loading')
      : state.kind === 'unavailable'
        ? t('dev-inbox:unavailable')
        : state.kind === 'problem'
          ? t(state.key)
          : state.messages.length === 0
            ? t('dev-inbox:empty')
            : t('dev-inbox:count', { count: state.messages.length });

  return (
    <Page title={t('dev-inbox:title')}>
      <p class="lead">{t('dev-inbox:lead')}</p>
      <p class="notice notice--warning">{t('dev-inbox:warning')}</p>
      <form
        method="get"
        action="/dev/inbox"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <button type="submit" class="button button--secondary">
          {t('dev-inbox:refresh')}
        </button>
      </form>
      <p role="status">{status}</p>
      {state.kind === 'ready' && state.messages.length > 0 && (
        <ol class="cards">
          {state.messages.map((message) => (
            <InboxMessage key={message.id} message={message} />
          ))}
        </ol>
      )}
    </Page>
  );
}

function InboxMessage({ message }: { message: DevInboxMessage }) {
  const { t, language } = useTranslation();
  const headingId = `message-${message.id}`;
  // One time zone on the server and in the browser, so the first render and hydration agree.
  const sentAt = formatDateTime(language, message.sentAt, true);
  const sms = message.channel === 'sms' ? countSmsSegments(message.text) : undefined;
  return (
    <li class="card">
      <article aria-labelledby={headingId}>
        <h2 class="card__title" id={headingId}>
          {message.channel === 'sms' ? t('dev-inbox:sms_to', { to: formatPhone(message.to) }) : t('dev-inbox:email_to', { to: message.to })}
        </h2>
        {message.subject && <p>{t('dev-inbox:subject', { subject: message.subject })}</p>}
        <p>
          <MessageText text={message.text} />
        </p>
        <p class="field__hint">
          <time dateTime={message.sentAt}>{t('dev-inbox:sent_at', { date: sentAt })}</time>
          {sms && (
            <>
              {' · '}
              {t('dev-inbox:sms_cost', { count: sms.segments, encoding: t(`dev-inbox:encoding.${sms.encoding}`), units: sms.units })}
            </>
          )}
        </p>
      </article>
    </li>
  );
}

const link = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/;

/** The message as written: its line breaks kept, and its links (cancel a visit, open a dossier) followable. */
function MessageText({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').map((line, lineIndex) => (
        <Fragment key={lineIndex}>
          {lineIndex > 0 && <br />}
          {line.split(link).map((part, partIndex) => (partIndex % 2 === 1 ? <a href={part}>{part}</a> : part))}
        </Fragment>
      ))}
    </>
  );
}
