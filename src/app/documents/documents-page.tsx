import { useLocation } from 'preact-iso';
import { DocumentDetail } from './document-detail.tsx';
import { MyDocuments } from './my-documents.tsx';
import { UploadForm } from './upload-form.tsx';

/**
 * "My documents" in one page and one route for its three views (the list, `?add` to add one,
 * `?document=<id>` for one): one chunk to load, one entry in the shell's list of pages.
 */
export default function DocumentsPage() {
  const { query } = useLocation();
  if (query['add'] !== undefined) return <UploadForm />;
  if (query['document']) return <DocumentDetail id={query['document']} />;
  return <MyDocuments />;
}
