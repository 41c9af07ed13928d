import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startApp } from './commands/open-model.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/graph.css';
import './styles/sidebar.css';
import './styles/inspector.css';
import './styles/bottom.css';
import './styles/pipeline.css';
import './styles/steps.css';
import './styles/diff.css';
import './styles/compare.css';
import './styles/heatmap.css';
import './styles/run.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void startApp();
