import { useEffect, useRef } from 'react';

/**
 * Asks the browser for full screen (the command office's wall). Must run inside the click that asked
 * for it: browsers refuse full screen without a user gesture, and the page then stays an in-window
 * overlay, which is still the big screen.
 */
export function enterFullscreen(): void {
  const root = document.documentElement;
  if (document.fullscreenElement || typeof root.requestFullscreen !== 'function') return;
  root.requestFullscreen().catch(() => undefined);
}

function leaveFullscreen(): void {
  if (document.fullscreenElement && typeof document.exitFullscreen === 'function') {
    document.exitFullscreen().catch(() => undefined);
  }
}

/**
 * While the big screen is on: Esc (or the browser leaving full screen, which swallows that Esc) calls
 * onExit; turning it off leaves full screen.
 */
export function useBigScreen(active: boolean, onExit: () => void, escapeExits = true): void {
  const exit = useRef(onExit);
  exit.current = onExit;
  // A drawer open on the big screen takes the Esc for itself.
  const escape = useRef(escapeExits);
  escape.current = escapeExits;
  useEffect(() => {
    if (!active) return undefined;
    let wasFullscreen = document.fullscreenElement !== null;
    const onChange = () => {
      const now = document.fullscreenElement !== null;
      if (wasFullscreen && !now) exit.current();
      wasFullscreen = now;
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && escape.current) exit.current();
    };
    document.addEventListener('fullscreenchange', onChange);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      window.removeEventListener('keydown', onKey);
      leaveFullscreen();
    };
  }, [active]);
}
