import { procedures } from '../../shared/procedures/catalogue.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** Every procedure a citizen can do online, each with a plain sentence saying what it is for. */
export default function ProceduresPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('procedures:list.title')}>
      <p class="lead">{t('procedures:list.lead')}</p>
      <ul class="cards">
        {procedures.map((procedure) => (
          <li class="card" key={procedure.id}>
            <h2 class="card__title">
              <a href={`/procedures/${procedure.id}`}>{t(`procedures:${procedure.id}.title`)}</a>
            </h2>
            <p>{t(`procedures:${procedure.id}.description`)}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href="/requests">{t('procedures:list.my_requests')}</a>
      </p>
      <p>
        <a href="/documents">{t('procedures:list.my_documents')}</a>
      </p>
    </Page>
  );
}
