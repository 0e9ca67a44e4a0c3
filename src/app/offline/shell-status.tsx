import { OutboxStatus } from './outbox-status.tsx';
import { UpdatePrompt } from './update-prompt.tsx';

/** What the shell says about this device (a waiting update, the outbox), loaded after the page. */
export default function ShellStatus() {
  return (
    <>
      <UpdatePrompt />
      <OutboxStatus />
    </>
  );
}
