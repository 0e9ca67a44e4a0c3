import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Viewer } from '../../shared/viewer.ts';

/** Who is signed in, as the server said when it rendered the first page; undefined for visitors. */
export const ViewerContext = createContext<Viewer | undefined>(undefined);

export function useViewer(): Viewer | undefined {
  return useContext(ViewerContext);
}
