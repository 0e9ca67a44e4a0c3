import { countOutbox, onOutboxMessage, type OutboxCounts, type SentRecord } from './outbox.ts';
import { replayOutbox } from './replay.ts';

export interface OutboxView extends OutboxCounts {
  online: boolean;
  /** What was sent since this page opened (the latest round), to say "sent". */
  justSent: SentRecord[];
}

/** Modest: a phone on a flaky network retries a few times an hour, not every second. */
const replayIntervalMs = 2 * 60 * 1000;
let started = false;

/**
 * Replays the outbox from the page: at start-up, when the browser says it is back online, and
 * every few minutes while something waits. This is all Firefox and Safari get (no Background Sync);
 * in Chromium it also covers a sync the browser has not fired yet.
 */
function startReplaying(): void {
  if (started) return;
  started = true;
  const replay = () => void replayOutbox().catch(() => undefined);
  replay();
  addEventListener('online', () => void replayWhenBack());
  setInterval(() => {
    if (navigator.onLine) void countOutbox().then((counts) => counts.pending > 0 && replay());
  }, replayIntervalMs);
}

/** Phones often say "online" a moment before the network carries anything: try again shortly if the first round failed. */
const afterOnlineMs = [0, 3000, 10_000];

async function replayWhenBack(): Promise<void> {
  for (const wait of afterOnlineMs) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (!navigator.onLine) return;
    const summary = await replayOutbox().catch(() => undefined);
    if (summary && summary.kept === 0) return;
  }
}

/** Starts the replay and calls `onChange` with what the status area shows, now and on every change. */
export function watchOutbox(onChange: (view: OutboxView) => void): () => void {
  let justSent: SentRecord[] = [];
  const refresh = async () => onChange({ ...(await countOutbox()), online: navigator.onLine, justSent });
  const stopListening = onOutboxMessage((message) => {
    if (message.type === 'sent') justSent = message.records;
    void refresh();
  });
  const onNetwork = () => void refresh();
  addEventListener('online', onNetwork);
  addEventListener('offline', onNetwork);
  void refresh();
  startReplaying();
  return () => {
    stopListening();
    removeEventListener('online', onNetwork);
    removeEventListener('offline', onNetwork);
  };
}
