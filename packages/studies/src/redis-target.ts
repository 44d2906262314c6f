import { Redis } from 'ioredis';
import { SweepError } from './sweep-error.js';

/** A Redis server named by a `redis://[user:password@]host[:port][/db]` URL (`rediss://` for TLS). */
export interface RedisTarget {
  /** The URL as shown in messages: its password, if any, written as ***. */
  readonly url: string;
  /** Where and how to connect; fields both ioredis and BullMQ take as they are. */
  readonly options: {
    readonly host: string;
    readonly port: number;
    readonly username?: string;
    readonly password?: string;
    readonly db?: number;
    readonly tls?: Record<string, never>;
  };
}

/** How long a sweep or worker waits for Redis to answer before it gives up with an error. */
export const CONNECT_TIMEOUT_MS = 5000;

/** Parses a `--queue` URL, or a SweepError naming it. */
export function redisTarget(url: string, flag = '--queue'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SweepError(flag, `'${url}' is not a URL; write redis://HOST:PORT`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new SweepError(flag, `'${url}' must start with redis:// or rediss://`);
  if (parsed.hostname === '') throw new SweepError(flag, `'${url}' names no host; write redis://HOST:PORT`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new SweepError(flag, `'${url}': the database '${db}' must be a number`);
  const options: RedisTarget['options'] = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  if (parsed.password) parsed.password = '***';
  return { url: parsed.password ? parsed.toString() : url, options };
}

/**
 * Connects once, without retrying, and pings: a server that is down, a wrong port or a wrong
 * password is a SweepError naming the URL within CONNECT_TIMEOUT_MS, never a hang.
 */
export async function checkRedis(target: RedisTarget, flag = '--queue', timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const client = new Redis({
    ...target.options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported through the rejected connect below
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), deadline]);
  } catch (error) {
    throw new SweepError(flag, `cannot reach Redis at ${target.url}: ${(error as Error).message || String(error)}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** A client for our own keys (run files), retrying while Redis is briefly away. */
export function redisClient(target: RedisTarget): Redis {
  const client = new Redis({ ...target.options, maxRetriesPerRequest: null });
  client.on('error', () => undefined); // ioredis reconnects; BullMQ reports lasting trouble
  return client;
}
