import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { checkRedis, redisTarget } from '../src/redis-target.js';
import { SweepError } from '../src/sweep-error.js';
import { freePort, REDIS_PACKAGE, redisServerAvailable, startRedis } from './redis-server.js';
import type { RedisServer } from './redis-server.js';

describe('redisTarget', () => {
  it('reads host, port, credentials and database from the URL', () => {
    expect(redisTarget('redis://u%40x:p%3Aw@queue.example:6380/2').options).toEqual({ host: 'queue.example', port: 6380, username: 'u@x', password: 'p:w', db: 2 });
    expect(redisTarget('redis://127.0.0.1').options).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisTarget('rediss://[::1]:7000').options).toEqual({ host: '::1', port: 7000, tls: {} });
  });

  it.each([
    ['localhost:6379', "--queue: 'localhost:6379' must start with redis:// or rediss://"],
    ['http://localhost', "--queue: 'http://localhost' must start with redis:// or rediss://"],
    ['redis//x', "--queue: 'redis//x' is not a URL; write redis://HOST:PORT"],
    ['redis://h:1/abc', "--queue: 'redis://h:1/abc': the database 'abc' must be a number"],
  ])('rejects %j, naming it', (url, message) => {
    expect(() => redisTarget(url)).toThrow(SweepError);
    expect(() => redisTarget(url)).toThrow(message);
  });
});

describe('checkRedis', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: a host that hangs.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('names the URL when nothing listens there', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(checkRedis(redisTarget(url))).rejects.toThrow(`--queue: cannot reach Redis at ${url}: `);
  });

  it('gives up on a server that never answers after its time-out instead of hanging', async () => {
    const address = silent.address();
    const url = `redis://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await expect(checkRedis(redisTarget(url), '--queue', 300)).rejects.toThrow(`--queue: cannot reach Redis at ${url}: `);
  });
});

const queueTests = redisServerAvailable() ? describe : describe.skip;
queueTests(`checkRedis against a real server (needs Debian's ${REDIS_PACKAGE})`, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('passes for a server that answers, and names a wrong password', async () => {
    await expect(checkRedis(redisTarget(redis.url))).resolves.toBeUndefined();
    const wrong = redisTarget(`redis://user:nope@127.0.0.1:${redis.port}`);
    expect(wrong.url).toBe(`redis://user:***@127.0.0.1:${redis.port}`);
    await expect(checkRedis(wrong)).rejects.toThrow(`--queue: cannot reach Redis at redis://user:***@127.0.0.1:${redis.port}: `);
  });
});
