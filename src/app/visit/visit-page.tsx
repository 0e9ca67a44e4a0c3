import { useLocation } from 'preact-iso';
import { VisitDetails } from './visit-details.tsx';
import { VisitSteps } from './visit-steps.tsx';
import { VisitVerify } from './visit-verify.tsx';

/**
 * The booking's pages in one chunk: the steps, who is coming and the SMS code. Each is small, and
 * their forms load after the page (see `hydrateAfterLoad`). A booked visit has its own page.
 */
export default function VisitPage({ verification }: { verification?: string }) {
  const { path } = useLocation();
  if (verification) return <VisitVerify verification={verification} />;
  if (path === '/visit/details') return <VisitDetails />;
  return <VisitSteps />;
}
