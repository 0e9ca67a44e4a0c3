import { useTranslation } from '../i18n/use-translation.ts';

/** Why a form could not be sent (no network, too many tries, the server failed), said at once. */
export function ProblemNotice({ problem }: { problem: string | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <p class="notice notice--warning" role="alert">
      {t(problem)}
    </p>
  );
}
