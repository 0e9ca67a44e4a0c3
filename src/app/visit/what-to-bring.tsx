import { useTranslation } from '../i18n/use-translation.ts';

/**
 * What a service asks the citizen to bring. Each service's list is one text of
 * `locales/<language>/visit.json` (`bring.<service>`), an item a line, which an editor can change.
 */
export function WhatToBring({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation();
  const items = t(`visit:bring.${serviceId}`, { defaultValue: '' })
    .split('\n')
    .filter((item) => item.trim() !== '');
  if (items.length === 0) return null;
  return (
    <section class="what-to-bring" aria-labelledby={`what-to-bring-${serviceId}`}>
      <h2 id={`what-to-bring-${serviceId}`}>{t('visit:bring.title')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
