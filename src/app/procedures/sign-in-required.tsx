import { helpPaths, signInHref } from '../../shared/procedure-page.ts';
import type { ProcedureDefinition } from '../../shared/procedures/definition.ts';
import { useTranslation } from '../i18n/use-translation.ts';

interface SignInRequiredProps {
  definition: ProcedureDefinition;
  /** Where signing in brings the citizen back to. */
  returnTo: string;
  /** The sentence above the button: before starting, or before sending what was typed. */
  reason: 'start' | 'continue';
}

/**
 * Sending a procedure needs the citizen's identity: said before the first question (or before
 * the step that needs it), with the sign-in button and the ways that need none — a call back about
 * this procedure, a visit to its service's counter.
 */
export function SignInRequired({ definition, returnTo, reason }: SignInRequiredProps) {
  const { t } = useTranslation();
  const help = helpPaths[definition.service];
  const visit = help.visitService ? `/visit?service=${help.visitService}` : '/visit';
  return (
    <section class="panel" aria-labelledby="sign-in-required-title">
      <h2 id="sign-in-required-title">{t('procedures:sign_in.title')}</h2>
      <p>{t(reason === 'start' ? 'procedures:sign_in.why' : 'procedures:sign_in.kept')}</p>
      <p>
        <a class="button" href={signInHref(returnTo)}>
          {t('procedures:sign_in.button')}
        </a>
      </p>
      <h3>{t('procedures:sign_in.other_ways')}</h3>
      <ul>
        <li>
          <a href={`/callback?topic=${help.callbackTopic}`}>{t('procedures:sign_in.callback')}</a>
        </li>
        <li>
          <a href={visit}>{t('procedures:sign_in.visit')}</a>
        </li>
      </ul>
    </section>
  );
}
