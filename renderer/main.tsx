import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The app's base sheets come first: each feature's own sheet, imported by its view, overrides them.
import './app/base.css';
import './app/layout.css';
import './app/shared.css';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
