import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

interface AfterLoadProps<Props> {
  load: () => Promise<{ default: ComponentType<Props> }>;
  props: Props;
  /** A class for a box rendered from the start that keeps the part's room, so nothing moves when it arrives. */
  slot?: string;
}

/**
 * A part of the page that neither its first paint nor its first interaction needs (status
 * messages, read aloud): nothing on the server or at hydration, then its code is fetched once the
 * page has loaded, so it never weighs on a slow phone's first download.
 */
export function AfterLoad<Props extends object>({ load, props, slot }: AfterLoadProps<Props>) {
  const [Part, setPart] = useState<ComponentType<Props> | null>(null);

  useEffect(() => {
    let cancelled = false;
    const start = () => {
      void load().then((module) => {
        if (!cancelled) setPart(() => module.default);
      });
    };
    const forget = whenPageLoaded(start);
    return () => {
      cancelled = true;
      forget();
    };
  }, []);

  const part = Part ? <Part {...props} /> : null;
  return slot ? <div class={slot}>{part}</div> : part;
}

/** Runs `task` once the page has loaded (now, if it has); returns a way to cancel it. */
export function whenPageLoaded(task: () => void): () => void {
  if (document.readyState === 'complete') {
    task();
    return () => undefined;
  }
  addEventListener('load', task, { once: true });
  return () => removeEventListener('load', task);
}
