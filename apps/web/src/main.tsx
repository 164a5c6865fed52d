// Entry point: i18n, session, theme and router around the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import { SessionProvider } from './lib/session.tsx';
import { ThemedApp } from './app.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <ThemedApp />
    </SessionProvider>
  </StrictMode>,
);
