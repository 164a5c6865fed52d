// Reload a view when the roll-ups it shows change (server-sent 'area' events, coalesced).
import { useEffect, useRef, useState } from 'react';
import { useLiveEvent } from '../../lib/live.tsx';

/** Calls reload at most once a second after roll-up changes; returns when it last did. */
export function useRollupReload(reload: () => void): Date | null {
  const [at, setAt] = useState<Date | null>(null);
  const timer = useRef<number | null>(null);
  const ref = useRef(reload);
  ref.current = reload;
  useLiveEvent('area', (data) => {
    if (!data || typeof data !== 'object' || (data as { kind?: string }).kind !== 'rollups') return;
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      ref.current();
      setAt(new Date());
    }, 400);
  });
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);
  return at;
}
