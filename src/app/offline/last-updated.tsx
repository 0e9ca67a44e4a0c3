import { formatDateTime } from '../../shared/format.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/** When personal data shown was read: "updated on …", or "offline: information of …" from the device's copy. */
export function LastUpdated({ updatedAt, fromDevice }: { updatedAt: Date; fromDevice: boolean }) {
  const { t, language } = useTranslation();
  const when = formatDateTime(language, updatedAt);
  return <p class="last-updated">{fromDevice ? t('common:last_updated_offline', { when }) : t('common:last_updated', { when })}</p>;
}
