// Undo/redo of the site geometry: every committed edit is a step.
import { useCallback, useState } from 'react';

export function useHistory<T>(initial: T) {
  const [state, setState] = useState<{ past: T[]; present: T; future: T[] }>({
    past: [],
    present: initial,
    future: [],
  });
  const push = useCallback(
    (next: T) => setState((s) => ({ past: [...s.past.slice(-199), s.present], present: next, future: [] })),
    [],
  );
  const undo = useCallback(
    () =>
      setState((s) =>
        s.past.length
          ? {
              past: s.past.slice(0, -1),
              present: s.past[s.past.length - 1],
              future: [s.present, ...s.future],
            }
          : s,
      ),
    [],
  );
  const redo = useCallback(
    () =>
      setState((s) =>
        s.future.length
          ? { past: [...s.past, s.present], present: s.future[0], future: s.future.slice(1) }
          : s,
      ),
    [],
  );
  const reset = useCallback((value: T) => setState({ past: [], present: value, future: [] }), []);
  return {
    present: state.present,
    push,
    undo,
    redo,
    reset,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
  };
}
