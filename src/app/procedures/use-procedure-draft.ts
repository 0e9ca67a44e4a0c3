import { useEffect, useState } from 'preact/hooks';
import type { ProcedurePageState } from '../../shared/procedure-page.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';
import { navigation } from '../page/navigation.ts';
import { usePageContext } from '../page/page-context.ts';
import { useViewer } from '../shell/viewer-context.ts';
import { drafts, newDraft, type LocalDraft } from './drafts.ts';
import { fetchServerDraft } from './procedure.client.ts';
import { useProcedureChannel } from './procedure-channel.ts';

/**
 * The draft of a procedure on this device, created on first use. Pre-filled answers are merged in
 * once, under whatever the citizen already typed; frozen identity answers always win.
 *
 * A page the server rendered (a full load, with or without JavaScript) starts from the answers the
 * server keeps, so it draws them at once; the draft on this device replaces them when it is newer
 * (keystrokes not yet sent, answers typed before signing in), and is then sent to the server.
 * `revision` changes when the answers shown were replaced, so a form starts again from them.
 */
export function useProcedureDraft(procedure: string) {
  const channel = useProcedureChannel();
  const key = channel.draftKey(procedure);
  const viewer = useViewer();
  const server = serverState(usePageContext().state.procedure, procedure);
  const [draft, setDraft] = useState<LocalDraft | undefined>(() => server && fromServer(newDraft(key), server));
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let active = true;
    void (async () => {
      const local = await drafts.get(key);
      let current: LocalDraft;
      if (server && (!local || (server.draftSavedAt !== undefined && server.draftSavedAt > local.updatedAt))) {
        current = fromServer(local ?? newDraft(key), server);
        await drafts.put(current);
      } else {
        current = local ?? newDraft(key);
        // Someone signed out gets no pre-fill: it comes once they sign in, under what they typed.
        if (!current.prefilled && viewer) {
          // One more try on a dropped request: on a flaky line the second often gets through.
          let prefill = await channel.fetchPrefill(procedure);
          if (!prefill.ok && prefill.status === 0) prefill = await channel.fetchPrefill(procedure);
          if (prefill.ok) {
            const frozen = Object.fromEntries(
              Object.entries(prefill.body.values).filter(([name]) => prefill.body.origins[name.split('.')[0] ?? '']?.frozen),
            );
            // An empty field is not an answer: it must not hide what the citizen is known to be.
            const typed = Object.fromEntries(Object.entries(current.values).filter(([, value]) => value !== ''));
            current.values = { ...prefill.body.values, ...typed, ...frozen };
            current.origins = prefill.body.origins;
            current.prefilled = true;
            await drafts.put(current);
          }
        }
        // Answers typed on this device the server does not have yet (typed before signing in).
        if (server && local && viewer) void channel.saveServerDraft(procedure, current.values);
      }
      if (!active) return;
      if (JSON.stringify(current.values) !== JSON.stringify(draft?.values)) setRevision((count) => count + 1);
      setDraft(current);
    })();
    return () => {
      active = false;
    };
  }, [key]);

  return {
    draft,
    revision,
    /** Called on every keystroke: IndexedDB writes are ordered, so the last one wins. */
    save(values: FormValues) {
      setDraft((current) => {
        if (!current) return current;
        const next = { ...current, values };
        void drafts.put(next);
        return next;
      });
    },
  };
}

/** The server's answers, when this page is the one it rendered for this procedure. */
function serverState(state: ProcedurePageState | undefined, procedure: string): ProcedurePageState | undefined {
  return state?.procedure === procedure && !navigation.hasNavigated() ? state : undefined;
}

function fromServer(draft: LocalDraft, server: ProcedurePageState): LocalDraft {
  return { ...draft, values: server.values, origins: server.origins, prefilled: true };
}

/** A draft saved on the server from another device, when this one has none. */
export async function adoptServerDraft(procedure: string): Promise<LocalDraft | undefined> {
  const server = await fetchServerDraft(procedure);
  if (!server.ok || !server.body.draft) return undefined;
  const draft = { ...newDraft(procedure), values: server.body.draft.answers, updatedAt: server.body.draft.updatedAt };
  await drafts.put(draft);
  return draft;
}
