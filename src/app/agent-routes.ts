import type { AppRoute, PageModule, PageModules } from './routes.ts';

/**
 * The agent workspace: its routes and pages, in a chunk of their own that only its pages load
 * (main.tsx), so the public pages' first-load JS does not grow with every agent screen.
 */
export const pageModules: PageModules = import.meta.glob<PageModule>([
  './agent/*-page.tsx',
  './case-handling/*-page.tsx',
  './citizens/*-page.tsx',
  './callback-queue/*-page.tsx',
  './survey/satisfaction-results-page.tsx',
  './counter/*-page.tsx',
]);

export const routes: AppRoute[] = [
  { path: '/agent', page: 'agent/agent-home-page.tsx', access: 'agent' },
  { path: '/agent/counter', page: 'counter/counter-agenda-page.tsx', access: 'agent' },
  { path: '/agent/dossiers', page: 'case-handling/case-list-page.tsx', namespaces: ['procedures', 'dossiers'], access: 'agent' },
  { path: '/agent/dossiers/:reference', page: 'case-handling/case-page.tsx', namespaces: ['procedures', 'dossiers'], access: 'agent' },
  { path: '/agent/callbacks', page: 'callback-queue/callback-queue-page.tsx', namespaces: ['callback', 'dossiers'], access: 'agent' },
  {
    path: '/agent/callbacks/:reference',
    page: 'callback-queue/callback-call-page.tsx',
    namespaces: ['callback', 'dossiers'],
    access: 'agent',
  },
  { path: '/agent/satisfaction', page: 'survey/satisfaction-results-page.tsx', namespaces: ['callback', 'dossiers'], access: 'agent' },
  { path: '/agent/citizens', page: 'citizens/citizen-search-page.tsx', access: 'agent' },
  {
    path: '/agent/citizens/:citizen',
    page: 'citizens/citizen-page.tsx',
    namespaces: ['procedures', 'dossiers', 'callback'],
    access: 'agent',
  },
  {
    path: '/agent/citizens/:citizen/procedures/:procedure/steps/:step',
    page: 'citizens/on-behalf-step-page.tsx',
    // The citizen's own pages, with their questions' explanations (the glossary), and nothing of the agent's citizen pages.
    namespaces: ['procedures', 'errors', 'glossary'],
    folderStrings: false,
    access: 'agent',
  },
  {
    path: '/agent/citizens/:citizen/procedures/:procedure/check',
    page: 'citizens/on-behalf-check-page.tsx',
    namespaces: ['procedures', 'errors', 'glossary'],
    folderStrings: false,
    access: 'agent',
  },
  {
    path: '/agent/citizens/:citizen/procedures/:procedure/confirmation/:reference',
    page: 'citizens/on-behalf-confirmation-page.tsx',
    namespaces: ['procedures'],
    access: 'agent',
  },
];
