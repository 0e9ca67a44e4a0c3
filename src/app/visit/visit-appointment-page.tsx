import { useLocation } from 'preact-iso';
import { VisitAppointment } from './visit-appointment.tsx';
import { VisitCancel } from './visit-cancel.tsx';

/**
 * A booked visit behind its link, and the question before cancelling it: a chunk of their own, so
 * the booking steps (the public pages most opened) do not carry them.
 */
export default function VisitAppointmentPage({ token = '' }: { token?: string }) {
  const { path } = useLocation();
  return path.endsWith('/cancel') ? <VisitCancel token={token} /> : <VisitAppointment token={token} />;
}
