// Who makes an administrative change: written to the audit log with it.
import type { Request, Response } from 'express';
import { userOf } from '../auth/middleware.js';

export interface AdminActor {
  userId: number;
  username: string;
  /** The client's address (behind a trusted proxy: as the proxy reports it). */
  ip: string | null;
}

export function adminActor(req: Request, res: Response): AdminActor {
  const user = userOf(res);
  return { userId: user.id, username: user.username, ip: req.ip ?? null };
}
