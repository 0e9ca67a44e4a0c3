import { useEffect, useState } from 'preact/hooks';
import { useTranslation } from '../i18n/use-translation.ts';
import { lowDataAttribute } from '../../shared/low-data.ts';
import { isLowData, setLowData } from './low-data.ts';

/**
 * The citizen's switch for low-data mode, in the footer. Shown once the app runs (it needs
 * JavaScript); the browser's own Save-Data setting works without it.
 */
export default function LowDataSwitch() {
  const { t } = useTranslation();
  const [on, setOn] = useState<boolean | undefined>();
  useEffect(() => setOn(isLowData() || document.documentElement.hasAttribute(lowDataAttribute)), []);
  if (on === undefined) return null;
  const toggle = () => {
    setLowData(!on);
    setOn(!on);
  };
  return (
    <p class="low-data-switch">
      <button type="button" class="button button--secondary" aria-pressed={on ? 'true' : 'false'} onClick={toggle}>
        {t('common:low_data.label')}
      </button>{' '}
      <span>{on ? t('common:low_data.on') : t('common:low_data.off')}</span>
    </p>
  );
}
