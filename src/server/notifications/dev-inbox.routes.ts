import type { FastifyInstance } from 'fastify';
import { devInboxApiPath, type DevInboxResponse } from '../../shared/notifications.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { requestLanguage } from '../pages/language.ts';
import type { PageRenderer } from '../pages/page-renderer.ts';
import { listDevInboxMessages } from './notification.repository.ts';

/**
 * The development inbox: what the inbox adapter "sent", newest first, so a person trying the demo
 * can read their code. It shows every recipient's messages, hence never in production.
 */
export async function devInboxRoutes(app: FastifyInstance, options: { db: Db; pages: PageRenderer; enabled: boolean }) {
  const { db, pages, enabled } = options;
  // Public where it is on (development); a 404 everywhere else.
  const devOnly = { config: { access: 'public' } } as const;

  const inbox = async (): Promise<DevInboxResponse> => {
    const rows = await listDevInboxMessages(db, 50);
    return {
      messages: rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        to: row.recipient,
        subject: row.subject,
        text: row.text,
        sentAt: row.created_at.toISOString(),
      })),
    };
  };

  app.get(devInboxApiPath, devOnly, async (_request, reply) => {
    if (!enabled) throw new HttpError('not_found');
    return reply.header('cache-control', 'no-store').send(await inbox());
  });

  // Rendered with the messages in it: readable without JavaScript, and at once.
  app.get('/dev/inbox', devOnly, async (request, reply) => {
    if (!enabled) throw new HttpError('not_found');
    return pages.send(request, reply, { url: request.url, language: requestLanguage(request), state: { devInbox: await inbox() } });
  });
}
