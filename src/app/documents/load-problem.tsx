import { useTranslation } from '../i18n/use-translation.ts';

/** Why a document or the list is not shown: not signed in, not found, or no network. */
export function LoadProblem({ status }: { status: number }) {
  const { t } = useTranslation();
  const key = status === 401 ? 'sign_in' : status === 404 ? 'not_found' : status === 0 ? 'offline' : 'unexpected';
  return (
    <p class="notice notice--warning" role="alert">
      {t(`documents:problems.${key}`)}
    </p>
  );
}
