import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './i18n/i18n.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { COLOR_SCHEME_STORAGE_KEY } from './app/theme.ts';

// Apply the remembered theme before the first paint, so a dark-theme user sees no white flash.
try {
  const scheme = localStorage.getItem(COLOR_SCHEME_STORAGE_KEY);
  if (scheme === 'light' || scheme === 'dark') {
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  }
} catch {
  // No storage: Mantine falls back to the default scheme.
}

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html has no #root element');
}
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
