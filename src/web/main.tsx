import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n.ts';
import { App } from './App.tsx';
import { fetchMe } from './session.ts';
import { registerServiceWorker } from './features/field-entry/service-worker.ts';
import { resumeOutbox } from './features/field-entry/outbox.ts';

initI18n();
registerServiceWorker();
// Field entries queued on an earlier visit go out as soon as the app opens, on whatever page.
void resumeOutbox(fetchMe);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
