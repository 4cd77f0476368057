import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { HttpError, parseOrThrow } from '../http/httpError';
import { localiseErrorBody, preferredLanguage } from '../http/language';
import { fieldIssue } from '../../shared/messages/zodIssues';
import { renderMessage } from '../../shared/messages/message';
import type { UserService } from '../users/userService';
import { SESSION_COOKIE } from './session';

const credentialsSchema = z.object({
  email: z
    .string({ error: fieldIssue('field.required', 'label.email') })
    .trim()
    .min(1, fieldIssue('field.required', 'label.email'))
    .max(320),
  password: z
    .string({ error: fieldIssue('field.required', 'label.password') })
    .min(1, fieldIssue('field.required', 'label.password'))
    .max(200),
});

export function authRouter(users: UserService, options: { loginAttemptsPer15Minutes: number; loginAttemptsPerAddress?: number; secureCookie?: boolean }) {
  const router = Router();
  const tooMany = (req: Request, res: Response) => {
    res.status(429).json(localiseErrorBody(req, res, { code: 'auth.tooManyAttempts' }));
  };

  // Failed attempts only, per address and email: a typo does not lock out a colleague on the same network.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.loginAttemptsPer15Minutes,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.email ?? '')
        .trim()
        .toLowerCase()}`,
    handler: tooMany,
  });
  // And per address alone: one address cycling through emails never met the limit above, and
  // each of its attempts cost a password hash (see passwordHashing.ts).
  const addressLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.loginAttemptsPerAddress ?? 100,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    handler: tooMany,
  });
  // express-session sets no cookie on a plain-HTTP request when the cookie is secure: the
  // sign-in would answer 200 and the next request 401. It is refused, saying why.
  const secureOnly: RequestHandler = (req, _res, next) => {
    if (options.secureCookie && !req.secure) throw new HttpError(403, { code: 'auth.insecureSignIn' });
    next();
  };

  router.post('/login', secureOnly, addressLimiter, loginLimiter, async (req, res) => {
    const { email, password } = parseOrThrow(credentialsSchema, req.body);
    const user = await users.authenticate(email, password);
    if (!user) throw new HttpError(401, { code: 'auth.badCredentials' });
    // A new session id at sign-in: a session fixed before login is worth nothing after.
    await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
    req.session.userId = user.id;
    req.session.user = user;
    await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
    res.json(user);
  });

  router.post('/logout', async (req, res) => {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE).json({ message: renderMessage({ code: 'auth.signedOut' }, preferredLanguage(req)) });
  });

  router.get('/me', (req, res) => {
    if (!req.user) throw new HttpError(401, { code: 'auth.signInRequired' });
    res.json(req.user);
  });

  return router;
}
