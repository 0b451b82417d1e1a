import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import 'govuk-frontend/dist/govuk/govuk-frontend.min.css';
import './styles.css';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
