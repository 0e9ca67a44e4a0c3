import { useLocation } from 'preact-iso';
import { DocumentDetail } from './document-detail.tsx';
import { MyDocuments } from './my-documents.tsx';
import { UploadForm } from './upload-form.tsx';

/**
 * "My documents" in one page module for its three addresses (the list, adding one, one document),
 * like the account page: one chunk to load, one entry in the shell's list of pages.
 */
export default function DocumentsPage() {
  const { path } = useLocation();
  const [, , id] = path.split('/');
  if (id === 'new') return <UploadForm />;
  if (id) return <DocumentDetail id={decodeURIComponent(id)} />;
  return <MyDocuments />;
}
