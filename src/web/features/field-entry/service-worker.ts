// Installs the service worker (src/web/public/sw.js) that lets the app open and the field entry
// screens work offline.

/** The Vite dev server rewrites modules on the fly; caching them would only serve stale code. */
function isDevServer(): boolean {
  return document.querySelector('script[src="/@vite/client"]') !== null;
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || isDevServer()) return;
  // After the page's own loading, so the worker's precache does not compete with the first render.
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No worker (private mode, plain HTTP off localhost): the app still works online.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** Drops the cached form and subject lists, for the next user of a shared phone (call on sign-out). */
export function forgetOfflineData(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: 'gridline:signed-out' });
}
