import { useMemo } from 'preact/hooks';
import { ProcedureChannelContext } from '../procedures/procedure-channel.ts';
import ProcedureCheckPage from '../procedures/procedure-check-page.tsx';
import { onBehalfChannel } from './on-behalf-channel.ts';

/** Check your answers, read through with the citizen before the agent submits for them. */
export default function OnBehalfCheckPage({ citizen = '', procedure = '' }: { citizen?: string; procedure?: string }) {
  const channel = useMemo(() => onBehalfChannel(citizen), [citizen]);
  return (
    <ProcedureChannelContext.Provider value={channel}>
      <ProcedureCheckPage procedure={procedure} />
    </ProcedureChannelContext.Provider>
  );
}
