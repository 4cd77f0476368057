import pino from 'pino';

/** Structured JSON logs; human-readable when a person watches the terminal. */
export function createLogger(level = 'info') {
  const pretty = process.stdout.isTTY && !process.env.CI;
  return pino({
    level,
    redact: ['req.headers.cookie', 'res.headers["set-cookie"]', 'password', '*.password'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
