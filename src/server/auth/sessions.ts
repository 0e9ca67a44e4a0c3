import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../../shared/viewer.ts';
import type { Db } from '../db/database.ts';
import type { CookiePolicy } from '../security/cookie-policy.ts';
import { anonymous, type Principal } from './principal.ts';
import { deleteExpiredSessions, deleteSession, findSession, insertSession, updateSession } from './session.repository.ts';
import type { PendingLogin } from './session.table.ts';

/** The server-side session a request carries, if any (signed in, or only in the middle of signing in). */
export interface Session {
  idHash: string;
  personId: string | null;
  agentId: string | null;
  viewer: Viewer | null;
  idToken: string | null;
  login: PendingLogin | null;
  createdAt: Date;
  /** When it ends unless used again: idle time from its last use, capped by its absolute lifetime. */
  endsAt: Date;
}

/** What opening a session is given; its times are the server's. */
export type NewSession = Omit<Session, 'idHash' | 'createdAt' | 'endsAt'>;

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
  }
  interface FastifyContextConfig {
    /** Set on the route that only tells the page when the session ends: asking must not extend it. */
    keepsSessionIdle?: boolean;
  }
}

export interface SessionOptions {
  db: Db;
  cookies: CookiePolicy;
  idleMinutes: number;
  absoluteHours: number;
  /** How long this process may answer from its copy of a signed-in session (0: always ask the database). */
  cacheSeconds: number;
  /** Injected so tests can move time forward; the real clock otherwise. */
  clock: () => Date;
}

export interface Sessions {
  load(request: FastifyRequest): Promise<void>;
  /** Opens a new session with a new id (never the one the browser had before), and sets its cookie. */
  start(request: FastifyRequest, reply: FastifyReply, content: NewSession): Promise<Session>;
  update(request: FastifyRequest, changes: { login?: PendingLogin | null }): Promise<void>;
  /** "Stay signed in": the idle time starts again now (never past the absolute lifetime). */
  renew(request: FastifyRequest): Promise<void>;
  /** Deletes the session on the server first, then tells the browser to forget the cookie. */
  destroy(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  deleteExpired(): Promise<number>;
}

/**
 * How long before the end the page warns (WCAG 2.2.1): two minutes, or half the idle time when
 * that is shorter (a test's few seconds), so the warning never comes before the session starts.
 */
export function sessionWarningMs(idleMinutes: number): number {
  return Math.min(2 * 60_000, (idleMinutes * 60_000) / 2);
}
// Enough for every citizen and agent active within a few seconds; the oldest copy goes first.
const cachedSessionsMax = 10_000;
// The sign-in routes read the pending login another instance may have just written: always fresh.
const uncachedPaths = ['/auth/', '/agent/auth/'];

type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/**
 * Server-side sessions in the database, so any server instance can answer any request. The cookie
 * holds only a random id; the row holds who is signed in. Idle and absolute timeouts are checked
 * on each request with the injected clock.
 */
export function createSessions(options: SessionOptions): Sessions {
  const { db, cookies, clock } = options;
  const cookieName = cookies.name('session');
  const idleMs = options.idleMinutes * 60_000;
  const absoluteMs = options.absoluteHours * 3_600_000;
  // Writing last_seen_at on every request would cost a write per page; a minute's precision is
  // plenty, or a tenth of the idle time when that is shorter.
  const touchEveryMs = Math.min(60_000, idleMs / 10);
  const endsAt = (lastSeen: Date, created: Date) => new Date(Math.min(lastSeen.getTime() + idleMs, created.getTime() + absoluteMs));
  const cacheMs = options.cacheSeconds * 1000;
  /**
   * Signed-in sessions read in the last `cacheSeconds`, so a page's burst of API calls costs one
   * round trip each (the route's own query) instead of two. Dropped here on sign-out; another
   * instance's sign-out reaches this copy within `cacheSeconds` (README: "Several instances").
   * Timeouts are checked on every request all the same, so a copy never outlives its session.
   */
  const cache = new Map<string, { row: SessionRow; readAt: number }>();
  const forget = (idHash: string) => cache.delete(idHash);
  const cachedRow = (idHash: string, now: number) => {
    const entry = cache.get(idHash);
    if (entry && now - entry.readAt < cacheMs) return entry.row;
    if (entry) forget(idHash);
    return undefined;
  };
  const remember = (idHash: string, row: SessionRow, now: number) => {
    if (cacheMs === 0 || row.login || !(row.person_id || row.agent_id)) return;
    if (cache.size >= cachedSessionsMax) forget(cache.keys().next().value as string);
    cache.set(idHash, { row, readAt: now });
  };
  const expired = (row: SessionRow, now: number) =>
    now - row.last_seen_at.getTime() > idleMs || now - row.created_at.getTime() > absoluteMs;

  return {
    /**
     * An `onRequest` hook: finds the request's session and who it signs in (`request.principal`).
     * An unknown or expired id is ignored, its cookie left alone: a late request still carrying the
     * id from before sign-in must not clear the cookie the sign-in just set (they share a name).
     */
    async load(request) {
      request.session = undefined;
      request.principal = anonymous;
      // Hashed static files never need to know who asks.
      if (request.url.startsWith('/assets/') || request.url.startsWith('/locales/')) return;
      const id = request.cookies[cookieName];
      if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return;
      const idHash = hashId(id);
      const now = clock();
      const fresh = uncachedPaths.some((prefix) => request.url.startsWith(prefix));
      // A copy that looks expired may only be stale (used meanwhile on another instance): ask the database.
      const cached = fresh ? undefined : cachedRow(idHash, now.getTime());
      const row = cached && !expired(cached, now.getTime()) ? cached : await findSession(db, idHash);
      if (!row) return;
      if (expired(row, now.getTime())) {
        forget(idHash);
        await deleteSession(db, idHash);
        return;
      }
      let lastSeen = row.last_seen_at;
      if (now.getTime() - lastSeen.getTime() > touchEveryMs && !request.routeOptions.config.keepsSessionIdle) {
        await updateSession(db, idHash, { last_seen_at: now });
        row.last_seen_at = now;
        lastSeen = now;
      }
      if (row !== cached) remember(idHash, row, now.getTime());
      request.session = {
        idHash,
        personId: row.person_id,
        agentId: row.agent_id,
        viewer: row.viewer,
        idToken: row.id_token,
        login: row.login,
        endsAt: endsAt(lastSeen, row.created_at),
        createdAt: row.created_at,
      };
      request.principal = principalOf(row);
    },
    async start(request, reply, content) {
      if (request.session) {
        forget(request.session.idHash);
        await deleteSession(db, request.session.idHash);
      }
      const id = randomBytes(32).toString('base64url');
      const now = clock();
      const session: Session = { ...content, idHash: hashId(id), createdAt: now, endsAt: endsAt(now, now) };
      await insertSession(db, {
        id_hash: session.idHash,
        person_id: session.personId,
        agent_id: session.agentId,
        viewer: session.viewer ? JSON.stringify(session.viewer) : null,
        id_token: session.idToken,
        login: session.login ? JSON.stringify(session.login) : null,
        created_at: now,
        last_seen_at: now,
      });
      reply.setCookie(cookieName, id, cookies.attributes);
      request.session = session;
      return session;
    },
    async update(request, changes) {
      const session = request.session;
      if (!session) throw new Error('No session to update');
      if (changes.login !== undefined) {
        forget(session.idHash);
        await updateSession(db, session.idHash, { login: changes.login ? JSON.stringify(changes.login) : null });
        session.login = changes.login;
      }
    },
    async renew(request) {
      const session = request.session;
      if (!session) throw new Error('No session to renew');
      const now = clock();
      forget(session.idHash);
      await updateSession(db, session.idHash, { last_seen_at: now });
      session.endsAt = endsAt(now, session.createdAt);
    },
    async destroy(request, reply) {
      if (request.session) {
        forget(request.session.idHash);
        await deleteSession(db, request.session.idHash);
      }
      request.session = undefined;
      request.principal = anonymous;
      reply.clearCookie(cookieName, cookies.attributes);
    },
    async deleteExpired() {
      const now = clock().getTime();
      return deleteExpiredSessions(db, new Date(now - idleMs), new Date(now - absoluteMs));
    },
  };
}

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** Who a session signs in: its citizen, or its agent with the role and service of their row. */
function principalOf(row: SessionRow): Principal {
  if (row.person_id) return { kind: 'citizen', personId: row.person_id };
  if (row.agent_id && row.agent_role && row.agent_unit !== null) {
    return { kind: 'agent', agentId: row.agent_id, role: row.agent_role, serviceId: row.agent_service_id, unit: row.agent_unit };
  }
  return anonymous;
}
