import { formatDate, formatDateTime } from '../../shared/format.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CitizenFile, TimelineEntry } from '../../shared/citizen.ts';
import {
  consentMethods,
  defaultMandateDuration,
  type ConsentMethod,
  identityChecks,
  identityDocuments,
  mandateCodeSchema,
  mandateDurations,
  mandateRequestSchema,
  mandateScopes,
  parseMandateScope,
  type MandateView,
} from '../../shared/mandate.ts';
import { procedures } from '../../shared/procedures/catalogue.ts';
import { LoadProblem } from '../dossiers/load-problem.tsx';
import { useApiData } from '../http/use-api-data.ts';
import { CheckboxGroup } from '../forms/checkbox-group.tsx';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useSubmission } from '../http/use-submission.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';
import { Page } from '../page/page.tsx';
import { useViewer } from '../shell/viewer-context.ts';
import { checkMandateCode, fetchCitizenFile, requestMandate, revokeMandate } from './citizen.client.ts';
import { ProblemNotice } from '../forms/problem-notice.tsx';

type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * One citizen, for the agent serving them: who they are, the consent to act for them, and
 * everything that happened across channels, newest first.
 */
export default function CitizenPage({ citizen = '' }: { citizen?: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useApiData(() => fetchCitizenFile(citizen), [citizen]);
  const title = file.state === 'ready' && file.body.citizen.name ? file.body.citizen.name : t('citizens:citizen.title');
  return (
    <Page title={title} caption={t('citizens:citizen.caption')}>
      {file.state === 'loading' && <p role="status">{t('citizens:loading')}</p>}
      {file.state === 'failed' && <LoadProblem status={file.status} />}
      {file.state === 'ready' && (
        <>
          <Identity file={file.body} />
          <Mandates
            file={file.body}
            onChange={(mandate) =>
              setFile({ ...file.body, mandates: [mandate, ...file.body.mandates.filter((other) => other.id !== mandate.id)] })
            }
          />
          <h2>{t('citizens:timeline.title')}</h2>
          <Timeline entries={file.body.timeline} />
          <p>
            <a href="/agent/citizens">{t('citizens:citizen.back')}</a>
          </p>
        </>
      )}
    </Page>
  );
}

function Identity({ file }: { file: CitizenFile }) {
  const { t, language } = useTranslation();
  const { citizen } = file;
  return (
    <dl class="facts">
      {citizen.birthdate && (
        <>
          <dt>{t('citizens:citizen.birthdate')}</dt>
          <dd>{formatDate(language, citizen.birthdate)}</dd>
        </>
      )}
      <dt>{t('citizens:citizen.phones')}</dt>
      <dd dir="ltr">{citizen.verifiedPhones.length > 0 ? citizen.verifiedPhones.join(', ') : t('citizens:citizen.no_phone')}</dd>
    </dl>
  );
}

function scopeLabel(t: Translate, scope: MandateView['scope']): string {
  return scope.kind === 'procedure' ? t(`procedures:${scope.value}.title`) : t(`citizens:themes.${scope.value}`);
}

function Mandates({ file, onChange }: { file: CitizenFile; onChange: (mandate: MandateView) => void }) {
  const { t } = useTranslation();
  const granted = file.mandates.filter((mandate) => mandate.mine && mandate.status === 'granted');
  const pending = file.mandates.find((mandate) => mandate.mine && mandate.status === 'pending');
  const [announce, setAnnounce] = useState<string | undefined>();
  const announceRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (announce) announceRef.current?.focus();
  }, [announce]);
  const changed = (mandate: MandateView, message: string) => {
    onChange(mandate);
    setAnnounce(message);
  };
  return (
    <section aria-labelledby="mandates-title">
      <h2 id="mandates-title">{t('citizens:mandates.title')}</h2>
      {announce && (
        <p class="notice" role="status" tabIndex={-1} ref={announceRef}>
          {announce}
        </p>
      )}
      {granted.length > 0 ? (
        granted.map((mandate) => (
          <GrantedMandate
            key={mandate.id}
            citizen={file.citizen.id}
            mandate={mandate}
            onRevoked={(view) => changed(view, t('citizens:mandates.revoked'))}
          />
        ))
      ) : (
        <p>{t('citizens:mandates.none')}</p>
      )}
      {pending ? (
        <CodeForm
          key={pending.id}
          citizen={file.citizen.id}
          mandate={pending}
          onGranted={(view) => changed(view, t('citizens:mandates.granted'))}
        />
      ) : (
        <ConsentForm
          citizen={file.citizen.id}
          hasVerifiedPhone={file.citizen.verifiedPhones.length > 0}
          onCreated={(view) =>
            changed(
              view,
              view.status === 'granted'
                ? t('citizens:mandates.granted')
                : t('citizens:mandates.code_sent', { phone: view.codeSentTo ?? '' }),
            )
          }
        />
      )}
    </section>
  );
}

function GrantedMandate({
  citizen,
  mandate,
  onRevoked,
}: {
  citizen: string;
  mandate: MandateView;
  onRevoked: (mandate: MandateView) => void;
}) {
  const { t, language } = useTranslation();
  const page = usePageContext();
  const submission = useSubmission(page.idempotencyKey);
  const covered = procedures.filter((procedure) =>
    mandate.scope.kind === 'procedure' ? procedure.id === mandate.scope.value : procedure.service === mandate.scope.value,
  );
  const until = mandate.expiresAt ? formatDateTime(language, mandate.expiresAt) : '';
  const revoke = async (event: Event) => {
    event.preventDefault();
    const result = await submission.send((key) => revokeMandate(citizen, mandate.id, key));
    if (result.ok) onRevoked(result.body);
  };
  const formId = `revoke-${mandate.id}`;
  return (
    <div class="panel">
      <h3>{scopeLabel(t, mandate.scope)}</h3>
      <p>{t(`citizens:mandates.in_force.${mandate.method}`, { until })}</p>
      <ul>
        {covered.map((procedure) => (
          <li key={procedure.id}>
            <a href={`/agent/citizens/${citizen}/procedures/${procedure.id}/steps/${procedure.steps[0]?.id ?? ''}`}>
              {t('citizens:mandates.start', { procedure: t(`procedures:${procedure.id}.title`) })}
            </a>
          </li>
        ))}
      </ul>
      <Form id={formId} action={`/agent/citizens/${citizen}`} onSubmit={(event) => void revoke(event)} busy={submission.busy}>
        <ProblemNotice problem={submission.problem} />
        <button type="submit" class="button button--secondary" disabled={submission.busy}>
          {t('citizens:mandates.revoke')}
        </button>
      </Form>
    </div>
  );
}

function CodeForm({ citizen, mandate, onGranted }: { citizen: string; mandate: MandateView; onGranted: (mandate: MandateView) => void }) {
  const { t } = useTranslation();
  const page = usePageContext();
  const form = useForm(mandateCodeSchema);
  const submission = useSubmission(page.idempotencyKey);
  const onSubmit = form.submit(async ({ code }) => {
    const result = await submission.send((key) => checkMandateCode(citizen, mandate.id, code, key));
    if (result.ok) onGranted(result.body);
    else if (result.status === 422 && result.error.fields) form.setErrors(result.error.fields);
  });
  return (
    <Form id="mandate-code" action={`/agent/citizens/${citizen}`} onSubmit={onSubmit} busy={submission.busy}>
      <h3>{t('citizens:code.title', { scope: scopeLabel(t, mandate.scope) })}</h3>
      <p>{t('citizens:code.lead', { phone: mandate.codeSentTo ?? '' })}</p>
      <ErrorSummary formId="mandate-code" errors={form.errors} attempt={form.attempt} />
      <ProblemNotice problem={form.errors.code === undefined ? submission.problem : undefined} />
      <TextField
        form={form}
        formId="mandate-code"
        name="code"
        label={t('citizens:code.label')}
        hint={t('citizens:code.hint')}
        inputMode="numeric"
        autocomplete="off"
        width="short"
      />
      <button type="submit" class="button" disabled={submission.busy}>
        {t('citizens:code.submit')}
      </button>
    </Form>
  );
}

/**
 * The ways this agent may take the citizen's consent: by SMS code only to a number the citizen
 * verified, in person only at a counter. The server decides (and says why not); this only spares
 * the agent a choice that would be refused.
 */
function consentMethodsFor(hasVerifiedPhone: boolean, role: string | undefined): ConsentMethod[] {
  return consentMethods.filter((method) => (method === 'sms_code' ? hasVerifiedPhone : role === 'counter_agent'));
}

function ConsentForm({
  citizen,
  hasVerifiedPhone,
  onCreated,
}: {
  citizen: string;
  hasVerifiedPhone: boolean;
  onCreated: (mandate: MandateView) => void;
}) {
  const { t } = useTranslation();
  const page = usePageContext();
  const viewer = useViewer();
  const methods = consentMethodsFor(hasVerifiedPhone, viewer?.kind === 'agent' ? viewer.role : undefined);
  const [onlyMethod] = methods.length === 1 ? methods : [];
  const form = useForm(mandateRequestSchema, {
    values: { duration: defaultMandateDuration, ...(onlyMethod ? { method: onlyMethod } : {}) },
  });
  const submission = useSubmission(page.idempotencyKey);
  const inPerson = form.values.method === 'in_person';
  const onSubmit = form.submit(async (request) => {
    const result = await submission.send((key) =>
      requestMandate(
        citizen,
        { scope: request.scope, duration: request.duration, method: request.method, document: request.document, checks: request.checks },
        key,
      ),
    );
    if (result.ok) {
      form.reset();
      onCreated(result.body);
    } else if ('fields' in result.error && result.error.fields) form.setErrors(result.error.fields);
  });
  const formId = 'mandate';
  if (methods.length === 0) {
    return (
      <p class="notice notice--warning" id="consent-unavailable">
        {t('citizens:consent.no_verified_phone')}
      </p>
    );
  }
  return (
    <Form id={formId} action={`/agent/citizens/${citizen}`} onSubmit={onSubmit} busy={submission.busy}>
      <h3>{t('citizens:consent.title')}</h3>
      <p>{t('citizens:consent.lead')}</p>
      {!hasVerifiedPhone && <p class="notice notice--warning">{t('citizens:consent.in_person_only')}</p>}
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      <ProblemNotice problem={Object.keys(form.errors).length === 0 ? submission.problem : undefined} />
      <RadioGroup
        form={form}
        formId={formId}
        name="scope"
        legend={t('citizens:consent.scope')}
        options={mandateScopes.map((value) => {
          const scope = parseMandateScope(value);
          return {
            value,
            label:
              scope.kind === 'procedure'
                ? t(`procedures:${scope.value}.title`)
                : t('citizens:consent.theme', { theme: t(`citizens:themes.${scope.value}`) }),
          };
        })}
      />
      <RadioGroup
        form={form}
        formId={formId}
        name="duration"
        legend={t('citizens:consent.duration')}
        options={mandateDurations.map((value) => ({ value, label: t(`citizens:durations.${value}`) }))}
      />
      <RadioGroup
        form={form}
        formId={formId}
        name="method"
        legend={t('citizens:consent.method')}
        options={methods.map((value) => ({
          value,
          label: t(`citizens:methods.${value}`),
          hint: t(`citizens:methods.${value}_hint`),
        }))}
      />
      {inPerson && (
        <>
          <RadioGroup
            form={form}
            formId={formId}
            name="document"
            legend={t('citizens:consent.document')}
            options={identityDocuments.map((value) => ({ value, label: t(`citizens:documents.${value}`) }))}
          />
          <CheckboxGroup
            form={form}
            formId={formId}
            name="checks"
            legend={t('citizens:consent.checks')}
            hint={t('citizens:consent.checks_hint')}
            options={identityChecks.map((value) => ({ value, label: t(`citizens:checks.${value}`) }))}
          />
        </>
      )}
      <button type="submit" class="button" disabled={submission.busy}>
        {inPerson ? t('citizens:consent.submit_in_person') : t('citizens:consent.submit_sms')}
      </button>
    </Form>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, language } = useTranslation();
  if (entries.length === 0) return <p>{t('citizens:timeline.empty')}</p>;
  return (
    <ol class="timeline">
      {entries.map((entry, index) => (
        <li key={index} class="timeline__event">
          <p class="timeline__when">
            <time dateTime={entry.at}>{formatDateTime(language, entry.at)}</time>
            {' · '}
            {t(`citizens:sources.${entry.source}`, { defaultValue: entry.source })}
          </p>
          <p class="timeline__what">
            {entry.href ? (
              <a href={entry.href}>{t(`citizens:timeline.${entry.what}`, entry.params)}</a>
            ) : (
              t(`citizens:timeline.${entry.what}`, entry.params)
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}
