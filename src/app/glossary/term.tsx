import type { GlossaryTerm } from '../../shared/glossary.ts';
import { useTranslation } from '../i18n/use-translation.ts';

/**
 * An administrative word explained in plain language where it is used: a native disclosure, so it
 * opens with Enter or Space, is announced as expandable, and works without JavaScript.
 */
export function Term({ term }: { term: GlossaryTerm }) {
  const { t } = useTranslation();
  return (
    <details class="term">
      <summary>{t('glossary:what_is', { term: t(`glossary:terms.${term}.term`) })}</summary>
      <p>{t(`glossary:terms.${term}.definition`)}</p>
    </details>
  );
}

/** The explanations of the words a question or a page uses, in that order. */
export function Terms({ terms }: { terms: readonly GlossaryTerm[] | undefined }) {
  if (!terms?.length) return null;
  return (
    <>
      {terms.map((term) => (
        <Term key={term} term={term} />
      ))}
    </>
  );
}
