import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App
        location={{ pathname: window.location.pathname, search: window.location.search }}
        browserLanguages={navigator.languages ?? [navigator.language]}
      />
    </StrictMode>,
  );
}
