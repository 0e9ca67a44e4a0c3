import { useMemo } from 'preact/hooks';
import { ProcedureChannelContext } from '../procedures/procedure-channel.ts';
import ProcedureStepPage from '../procedures/procedure-step-page.tsx';
import { onBehalfChannel } from './on-behalf-channel.ts';

/** A step of a procedure, answered by an agent for a citizen: the citizen's own page, other addresses. */
export default function OnBehalfStepPage({
  citizen = '',
  procedure = '',
  step = '',
}: {
  citizen?: string;
  procedure?: string;
  step?: string;
}) {
  const channel = useMemo(() => onBehalfChannel(citizen), [citizen]);
  return (
    <ProcedureChannelContext.Provider value={channel}>
      <ProcedureStepPage procedure={procedure} step={step} />
    </ProcedureChannelContext.Provider>
  );
}
