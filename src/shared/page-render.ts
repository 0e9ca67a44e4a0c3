import type { AccountView, AgentHomeView } from './account.ts';
import type { CallbackCancelView } from './callback-request.ts';
import type { SurveyView } from './satisfaction-survey.ts';
import type { Language } from './languages.ts';
import type { ReadingMode } from './reading.ts';
import type { Viewer } from './viewer.ts';
import type { DevInboxResponse } from './notifications.ts';
import type { FieldErrors } from './validation.ts';
import type { VisitPageState } from './visit.ts';
import type { ProcedurePageState } from './procedure-page.ts';

import type { DossierSummary, DossierView } from './dossier.ts';
import type { OwnCallbackRequest } from './callback-request.ts';
import type { DocumentList, DocumentView, DocumentViewing } from './documents.ts';

/**
 * The contract between the server and the app's server-side entry (`src/app/entry-server.tsx`,
 * built to `dist/ssr`): the server asks for a URL in a language, the app answers with markup.
 */
export interface RenderRequest {
  url: string;
  language: Language;
  reading: ReadingMode;
  csrfToken: string;
  idempotencyKey: string;
  state?: PageState;
}

/** What a server-rendered page carries over to the browser (a no-JavaScript form that came back). */
export interface PageState {
  form?: { values: Record<string, string>; errors: FieldErrors };
  /** Set when the server answers with an error page: the code is the key of the sentence shown. */
  error?: { status: number; code: string };
  /** Who is signed in; absent for anonymous visitors (who get the prerendered pages). */
  viewer?: Viewer;
  /** An opaque name of who is signed in, for what this browser keeps on their behalf (see device-owner). */
  writer?: string;
  account?: AccountView;
  agentHome?: AgentHomeView;
  /** The development identity provider's persona picker: which interaction, for which client. */
  devLogin?: { uid: string; audience: 'citizen' | 'agent' };
  /** A one-off message for the page, an i18n key (`account:notices.code_sent`). */
  notice?: string;
  /** The development inbox's messages, so its page shows them without JavaScript. */
  devInbox?: DevInboxResponse;
  /** The page a call-back's cancel link opens. */
  callbackCancel?: CallbackCancelView;
  /** The satisfaction survey a link from an SMS opens. */
  survey?: SurveyView;
  /** What a counter-visit page shows (the step's choices, a verification, a booking). */
  visit?: VisitPageState;
  /** A procedure's start, step or check page, with the answers the server keeps. */
  procedure?: ProcedurePageState;

  /** "My requests": the citizen's dossiers and call-back requests. */
  requests?: { dossiers: DossierSummary[]; callbacks: OwnCallbackRequest[] };
  /** One of the citizen's dossiers. */
  dossier?: DossierView;
  /** "My documents": the list (and the upload limit), who viewed them, or one document. */
  documents?: { list?: DocumentList; viewings?: DocumentViewing[]; document?: DocumentView };
}

export interface RenderedPage {
  html: string;
  title: string;
  description: string;
  status: number;
  /** Source keys of the lazy modules this page needs, so their chunks can be preloaded. */
  modules: string[];
  /** URLs of the string files (JSON) this page needs, preloaded with the HTML. */
  strings: string[];
}

export interface PageRendererModule {
  render(request: RenderRequest): Promise<RenderedPage>;
  prerenderPaths: readonly string[];
  /** Every route's path pattern (`/callback/confirmation/:reference`), for the size budget. */
  routePaths: readonly string[];
  /** The routes anyone can open, signed in or not: the first-visit budgets apply to them. */
  publicRoutePaths: readonly string[];
}

/** Placeholders in prerendered pages, replaced for each response with the visitor's own values. */
export const csrfPlaceholder = '__GUICHET_CSRF__';
export const idempotencyPlaceholder = '__GUICHET_IDEMPOTENCY_KEY__';

/** The id of the JSON data block that carries `PageState` to the browser. */
export const pageStateElementId = 'page-state';
