import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectEvents, loadCases, loadSession } from './store.ts';
import './styles.css';

// Asked for at once, while React mounts.
void loadSession();
void loadCases();
connectEvents();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
