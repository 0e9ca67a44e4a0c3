import { useLocation } from 'preact-iso';
import { VisitAppointment } from './visit-appointment.tsx';
import { VisitDetails } from './visit-details.tsx';
import { VisitSteps } from './visit-steps.tsx';
import { VisitVerify } from './visit-verify.tsx';

/**
 * Every counter-visit page in one chunk: the booking steps, who is coming, the SMS code, and the
 * booking behind its link. Each is small, and their forms load after the page (see `hydrateAfterLoad`).
 */
export default function VisitPage({ verification, token }: { verification?: string; token?: string }) {
  const { path } = useLocation();
  if (token) return <VisitAppointment token={token} />;
  if (verification) return <VisitVerify verification={verification} />;
  if (path === '/visit/details') return <VisitDetails />;
  return <VisitSteps />;
}
