import type { DocumentList, DocumentView, DocumentViewing } from '../../shared/documents.ts';
import { getJson, sendJson } from '../http/api-client.ts';

export const documentsUrl = '/api/documents';

export function fetchDocuments() {
  return getJson<DocumentList>(documentsUrl);
}

export function fetchDocument(id: string) {
  return getJson<DocumentView>(`${documentsUrl}/${encodeURIComponent(id)}`);
}

export function fetchViewings() {
  return getJson<DocumentViewing[]>(`${documentsUrl}/viewings`);
}

export function contentUrl(id: string): string {
  return `${documentsUrl}/${encodeURIComponent(id)}/content`;
}

export function deleteDocument(id: string) {
  return sendJson<unknown>(`${documentsUrl}/${encodeURIComponent(id)}`, {}, { idempotencyKey: crypto.randomUUID(), method: 'DELETE' });
}
