import { useEffect, useState } from 'preact/hooks';
import type { FormValues } from '../../shared/procedures/answers.ts';
import { drafts, newDraft, type LocalDraft } from './drafts.ts';
import { fetchServerDraft } from './procedure.client.ts';
import { useProcedureChannel } from './procedure-channel.ts';

/**
 * The draft of a procedure on this device, created on first use. Pre-filled answers are merged in
 * once, under whatever the citizen already typed; frozen identity answers always win.
 */
export function useProcedureDraft(procedure: string) {
  const [draft, setDraft] = useState<LocalDraft | undefined>();
  const channel = useProcedureChannel();
  const key = channel.draftKey(procedure);

  useEffect(() => {
    let active = true;
    void (async () => {
      const current = (await drafts.get(key)) ?? newDraft(key);
      if (!current.prefilled) {
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
      if (active) setDraft(current);
    })();
    return () => {
      active = false;
    };
  }, [key]);

  return {
    draft,
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

/** A draft saved on the server from another device, when this one has none. */
export async function adoptServerDraft(procedure: string): Promise<LocalDraft | undefined> {
  const server = await fetchServerDraft(procedure);
  if (!server.ok || !server.body.draft) return undefined;
  const draft = { ...newDraft(procedure), values: server.body.draft.answers, updatedAt: server.body.draft.updatedAt };
  await drafts.put(draft);
  return draft;
}
