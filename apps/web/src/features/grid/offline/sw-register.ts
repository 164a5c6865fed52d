// Registers /sw.js (apps/web/public), which keeps the app shell for offline opening. Only in built
// apps and secure contexts (https or 127.0.0.1/localhost), where browsers allow service workers.
export function registerServiceWorker(): void {
  if (typeof window === 'undefined' || !('serviceWorker' in navigator) || !window.isSecureContext || import.meta.env.DEV) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
