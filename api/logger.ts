import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

/**
 * JSON lines for files, pipes and log collectors (unchanged: one object per line); short,
 * coloured lines when a person watches the terminal (stdout is a TTY).
 */
export function createLogger(level = 'info', options: { pretty?: boolean } = {}) {
  const settings: LoggerOptions = {
    level,
    redact: ['req.headers.cookie', 'res.headers["set-cookie"]', 'password', '*.password'],
  };
  const wantPretty = options.pretty ?? (Boolean(process.stdout.isTTY) && !process.env.CI);
  return wantPretty ? pino(settings, prettyStream()) : pino(settings);
}

/**
 * pino-pretty as a stream in this thread rather than a transport: a transport is a worker
 * thread of its own (memory) and cannot take the message-format function below.
 */
export function prettyStream(destination?: NodeJS.WritableStream): DestinationStream {
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    // A request line says what a person needs, and the start-up lines already say in words what
    // their fields hold; the full objects stay in the JSON logs.
    ignore: 'pid,hostname,req,res,responseTime,reqId,component,database,queue,port,url,inProcessWorker',
    singleLine: true,
    messageFormat: (log, messageKey) => {
      const message = String(log[messageKey] ?? '');
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      if (req && res)
        return `${req.method} ${req.url} → ${res.statusCode}${typeof log.responseTime === 'number' ? ` in ${log.responseTime} ms` : ''}${message === 'request completed' ? '' : ` (${message})`}`;
      return log.component ? `[${log.component}] ${message}` : message;
    },
    // Synchronous: a terminal is fast enough, and nothing is lost when the process exits.
    destination: destination ?? 1,
    sync: true,
  });
}
