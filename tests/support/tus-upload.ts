import * as tus from 'tus-js-client';
import { documentIdHeader, documentUploadPath } from '../../src/shared/documents.ts';
import type { Visitor } from './visitor.ts';

export type TusOutcome =
  { ok: true; documentId: string | undefined; status: number } | { ok: false; status: number | undefined; body: string };

/**
 * Uploads `content` the way the browser does (tus-js-client, the citizen's cookies and CSRF
 * token), to a server listening at `baseUrl` (or a proxy in front of it).
 */
export function tusUpload(
  baseUrl: string,
  who: Visitor,
  content: Buffer,
  metadata: Record<string, string>,
  options: { chunkSize?: number; retryDelays?: number[] } = {},
): Promise<TusOutcome> {
  const cookie = Object.entries(who.cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return new Promise((resolve) => {
    const upload = new tus.Upload(content, {
      endpoint: `${baseUrl}${documentUploadPath}`,
      chunkSize: options.chunkSize ?? 2 * 1024 * 1024,
      retryDelays: options.retryDelays ?? [],
      metadata,
      headers: { cookie, 'x-csrf-token': who.csrfToken, 'sec-fetch-site': 'same-origin' },
      storeFingerprintForResuming: false,
      onSuccess: ({ lastResponse }) =>
        resolve({ ok: true, documentId: lastResponse.getHeader(documentIdHeader), status: lastResponse.getStatus() }),
      onError: (error) => {
        const response = (error as tus.DetailedError).originalResponse;
        resolve({ ok: false, status: response?.getStatus(), body: response?.getBody() ?? String(error) });
      },
    });
    upload.start();
  });
}
