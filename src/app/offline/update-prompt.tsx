import { useEffect, useState } from 'preact/hooks';
import { unsavedInput } from '../forms/unsaved-input.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { appUpdate } from './app-update.ts';

/** "A new version is ready": a polite message and a button; it reloads only when no form holds unsent input. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [held, setHeld] = useState(false);
  useEffect(() => appUpdate.subscribe(setWaiting), []);

  const reload = () => {
    if (unsavedInput.any()) {
      setHeld(true);
      return;
    }
    appUpdate.apply();
  };

  return (
    <div class="update-prompt" role="status" aria-live="polite">
      {waiting && (
        <div class="container update-prompt__inner">
          <p>{held ? t('common:update.finish_form_first') : t('common:update.available')}</p>
          <button type="button" class="button button--secondary" onClick={reload}>
            {t('common:update.reload')}
          </button>
        </div>
      )}
    </div>
  );
}
