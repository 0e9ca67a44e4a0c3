import { callbackWindowHours } from '../../shared/callback-options.ts';
import { csrfFormField } from '../../shared/http.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';

/**
 * The page the cancel link in the SMS opens. It asks before cancelling (a link preview or a
 * mistaken tap must cancel nothing) with a plain form post, so it works without JavaScript.
 */
export default function CallbackCancelPage() {
  const { t } = useTranslation();
  const page = usePageContext();
  const request = page.state.callbackCancel;
  if (!request) return null;
  const cancelled = request.cancelled || request.status === 'cancelled';
  const cancellable = request.status === 'requested' || request.status === 'scheduled';
  return (
    <Page title={cancelled ? t('callback:cancel.cancelled_title') : t('callback:cancel.title')}>
      <p>
        {t('callback:cancel.reference_label')} <strong dir="ltr">{request.reference}</strong>
      </p>
      {cancelled ? (
        <>
          <p role="status">{t('callback:cancel.cancelled_text')}</p>
          <p>
            <a href="/callback">{t('callback:cancel.new_request')}</a>
          </p>
        </>
      ) : cancellable ? (
        <>
          <p>
            {t('callback:cancel.window', { window: t(`callback:window.options.${request.window}`, callbackWindowHours(request.window)) })}
          </p>
          {/* No action: it posts back to the link itself. */}
          <form method="post">
            <input type="hidden" name={csrfFormField} value={page.csrfToken} />
            <p class="lead">{t('callback:cancel.question')}</p>
            <div class="button-group">
              <button type="submit" class="button">
                {t('callback:cancel.submit')}
              </button>
              <a href="/">{t('callback:cancel.keep')}</a>
            </div>
          </form>
        </>
      ) : (
        <p>{t('callback:cancel.too_late', { status: t(`callback:mine.statuses.${request.status}`) })}</p>
      )}
    </Page>
  );
}
