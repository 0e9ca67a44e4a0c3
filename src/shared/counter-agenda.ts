import * as v from 'valibot';
import { normalisePhone } from './phone.ts';
import { choice, plainText } from './validation.ts';
import { visitServiceIds, type AppointmentStatus } from './visit.ts';

/**
 * What a counter agent records about a visit: the citizen arrived, was seen, or did not come; or
 * the service cannot receive them (the citizen is told by SMS).
 */
export const agendaActions = ['check_in', 'seen', 'no_show', 'cancel_by_service'] as const;
export type AgendaAction = (typeof agendaActions)[number];

export const agendaActionSchema = v.object({ action: choice(agendaActions, 'counter:errors.action_required') });

/** Someone at the counter without an appointment: the next free time today is theirs. */
export const walkInSchema = v.object({
  service: choice(visitServiceIds, 'counter:errors.service_required'),
  name: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    plainText(),
    v.nonEmpty('counter:errors.name_required'),
    v.maxLength(100, 'counter:errors.name_too_long'),
  ),
  phone: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === '') return '';
      const phone = normalisePhone(dataset.value);
      if (phone === undefined) {
        addIssue({ message: 'counter:errors.phone_invalid' });
        return NEVER;
      }
      return phone;
    }),
  ),
});
export type WalkIn = v.InferOutput<typeof walkInSchema>;

export interface AgendaEntry {
  id: string;
  reference: string;
  time: string;
  serviceId: string;
  name: string;
  status: AppointmentStatus;
  walkIn: boolean;
  checkedIn: boolean;
}

/** One location's day, counter by counter, as its counter agents see it. */
export interface CounterAgendaView {
  location: { id: string; name: string };
  day: string;
  services: string[];
  counters: { id: string; label: string; appointments: AgendaEntry[] }[];
}
