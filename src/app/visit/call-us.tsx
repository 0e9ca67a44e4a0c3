import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { useTranslation } from '../i18n/use-translation.ts';

const phoneMark = '@@phone@@';

/** What to do when a visit can no longer be changed online: call, or ask to be called back. */
export function CallUs({ lead }: { lead: string }) {
  const { t } = useTranslation();
  // The number keeps its left-to-right order inside an Arabic sentence.
  const [before = '', after = ''] = t('visit:appointment.call', { phone: phoneMark }).split(phoneMark);
  return (
    <>
      <p>{lead}</p>
      <ul class="call-us">
        <li>
          <a href={`tel:${service.phone}`}>
            {before}
            <span dir="ltr">{formatPhone(service.phone)}</span>
            {after}
          </a>
        </li>
        <li>
          <a href="/callback">{t('visit:appointment.callback')}</a>
        </li>
      </ul>
    </>
  );
}
