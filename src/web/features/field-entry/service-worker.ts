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
  // What the page fetched before the new worker took it over went past the worker, so the form list
  // the entry screens read offline may not be in its cache yet: ask for it again through the worker
  // (a signed-out answer is not cached). Without this, an app installed and taken offline in the same
  // session could reopen offline without its forms.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    void fetch('/api/record-forms', { credentials: 'same-origin' }).catch(() => undefined);
  });
}

/** Drops the cached form and subject lists, for the next user of a shared phone (call on sign-out). */
export function forgetOfflineData(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: 'gridline:signed-out' });
}
