import { useLocation } from 'preact-iso';
import { VisitAppointment } from './visit-appointment.tsx';
import { VisitCancel } from './visit-cancel.tsx';
import { VisitDetails } from './visit-details.tsx';
import { VisitSteps } from './visit-steps.tsx';
import { VisitVerify } from './visit-verify.tsx';

/**
 * Every counter-visit page in one chunk: the booking steps, who is coming, the SMS code, the
 * booking behind its link and the question before cancelling it. Each is small, and their forms
 * load after the page (see `hydrateAfterLoad`).
 */
export default function VisitPage({ verification, token }: { verification?: string; token?: string }) {
  const { path } = useLocation();
  if (token && path.endsWith('/cancel')) return <VisitCancel token={token} />;
  if (token) return <VisitAppointment token={token} />;
  if (verification) return <VisitVerify verification={verification} />;
  if (path === '/visit/details') return <VisitDetails />;
  return <VisitSteps />;
}
