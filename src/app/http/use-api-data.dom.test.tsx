import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from './api-client.ts';
import { useApiData } from './use-api-data.ts';

afterEach(cleanup);

function Shown({ load, rendered }: { load: () => Promise<ApiResult<string>>; rendered?: string }) {
  const [data] = useApiData(load, [], rendered);
  return <p>{data.state === 'ready' ? data.body : data.state}</p>;
}

describe('useApiData', () => {
  it('without what the server rendered, says it is loading, then shows the answer', async () => {
    render(<Shown load={async () => ({ ok: true, status: 200, body: 'from the API', headers: new Headers() })} />);
    expect(screen.getByText('loading')).toBeTruthy();
    await screen.findByText('from the API');
  });

  it('shows what the server rendered at once, then the fresher answer', async () => {
    let answer: (result: ApiResult<string>) => void = () => undefined;
    render(<Shown rendered="from the server" load={() => new Promise((resolve) => (answer = resolve))} />);
    expect(screen.getByText('from the server')).toBeTruthy();
    answer({ ok: true, status: 200, body: 'from the API', headers: new Headers() });
    await screen.findByText('from the API');
  });

  it('keeps what the server rendered when reading it again fails (offline, a session just ended)', async () => {
    let asked = false;
    render(
      <Shown
        rendered="from the server"
        load={async () => {
          asked = true;
          return { ok: false, status: 0, error: { error: 'network' } };
        }}
      />,
    );
    await waitFor(() => expect(asked).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByText('from the server')).toBeTruthy();
  });
});
