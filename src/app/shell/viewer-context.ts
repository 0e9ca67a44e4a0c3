import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Viewer } from '../../shared/viewer.ts';
import { isSignedOut, onSignedOut } from '../session/signed-out.ts';

/** Who is signed in, as the server said when it rendered the first page; undefined for visitors. */
export const ViewerContext = createContext<Viewer | undefined>(undefined);

/** Who is signed in now: nobody once the server said the session ended (the header then offers to sign in). */
export function useViewer(): Viewer | undefined {
  const viewer = useContext(ViewerContext);
  const [ended, setEnded] = useState(isSignedOut);
  useEffect(() => onSignedOut(() => setEnded(true)), []);
  return ended ? undefined : viewer;
}
