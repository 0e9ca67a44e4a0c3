import { useTranslation } from '../i18n/use-translation.ts';
import { useProcedureChannel } from './procedure-channel.ts';

/** Tells the agent, on every page of the procedure, that they are answering for a citizen. */
export function OnBehalfNotice() {
  const { t } = useTranslation();
  const onBehalfOf = useProcedureChannel().onBehalfOf;
  if (!onBehalfOf) return null;
  return (
    <p class="notice">
      {t('procedures:on_behalf.notice')} <a href={onBehalfOf.citizenPage}>{t('procedures:on_behalf.back')}</a>
    </p>
  );
}
