import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Serves one PGlite database over the PostgreSQL wire protocol to any number
 * of client connections, all sharing PGlite's single session.
 *
 * Why not pglite-socket's server: it interleaves clients message by message
 * unless PGlite is inside an explicit transaction. A client's extended-query
 * sequence (Parse, Bind, Describe, Execute, Sync) then collides with another
 * client's: both use the unnamed statement, and Postgres answers "bind
 * message supplies 7 parameters, but prepared statement "" requires 2". Here
 * a client holds the session from its first message until a sequence ends
 * (Sync or a simple Query) with no transaction open; other clients wait their
 * turn in arrival order.
 */
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSSENC_REQUEST = 80877104;

const TERMINATE = "X".charCodeAt(0);
const SYNC = "S".charCodeAt(0);
const SIMPLE_QUERY = "Q".charCodeAt(0);

/** Sync and a simple Query end a sequence: the session may pass to another client after them. */
function isSequenceEnd(message: Buffer): boolean {
  return message[0] === SYNC || message[0] === SIMPLE_QUERY;
}

class SessionLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const granted = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return granted;
  }
}

class ClientConnection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private queue: { bytes: Buffer; startup: boolean }[] = [];
  private pumping = false;
  private release: (() => void) | null = null;
  private closed = false;

  // Plain fields, not parameter properties: this file also runs in a worker
  // thread under Node's own type stripping (embedded-postgres.thread.ts).
  private readonly socket: net.Socket;
  private readonly db: PGlite;
  private readonly lock: SessionLock;

  constructor(socket: net.Socket, db: PGlite, lock: SessionLock) {
    this.socket = socket;
    this.db = db;
    this.lock = lock;
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("close", () => void this.close());
    socket.on("error", () => socket.destroy());
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write("N"); // no encryption on a loopback database
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        }
        this.started = true;
        this.queue.push({ bytes: Buffer.from(message), startup: true });
      } else {
        if (this.buffer.length < 5) break;
        const length = this.buffer.readInt32BE(1) + 1;
        if (this.buffer.length < length) break;
        this.queue.push({ bytes: Buffer.from(this.buffer.subarray(0, length)), startup: false });
        this.buffer = this.buffer.subarray(length);
      }
    }
    void this.pump();
  }

  private async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const { startup } = this.queue[0];
        if (!startup && this.queue[0].bytes[0] === TERMINATE) {
          this.socket.end();
          break;
        }
        this.release ??= await this.lock.acquire();
        // The client may have gone while it waited for the session (a killed
        // worker): the session must not stay held by a closed connection,
        // or every other client waits for ever.
        if (this.closed) {
          this.unlock();
          break;
        }
        const { bytes, endsSequence } = this.takeRun();
        await this.db.execProtocolRawStream(bytes, {
          syncToFs: endsSequence,
          onRawData: (data) => {
            // A copy: `data` is a view of PGlite's memory, which it reuses for
            // what it sends next, while a full socket queues what it is given.
            if (!this.closed && data.length > 0) this.socket.write(Buffer.from(data));
          },
        });
        if (endsSequence && !this.db.isInTransaction()) this.unlock();
      }
    } catch (error) {
      this.socket.destroy(error as Error);
    } finally {
      this.pumping = false;
    }
  }

  /**
   * The queued messages up to the end of the first sequence (or all of
   * them, if none has ended yet), as one buffer: PGlite runs a buffer of
   * several messages in one call, and a statement's Parse, Bind, Describe,
   * Execute and Sync sent one call each cost PGlite's fixed overhead five
   * times. A startup message is a run of its own.
   */
  private takeRun(): { bytes: Uint8Array; endsSequence: boolean } {
    const first = this.queue.shift()!;
    if (first.startup) return { bytes: new Uint8Array(first.bytes), endsSequence: true };
    const run = [first.bytes];
    let endsSequence = isSequenceEnd(first.bytes);
    while (!endsSequence && this.queue.length > 0) {
      const next = this.queue[0];
      if (next.startup || next.bytes[0] === TERMINATE) break;
      this.queue.shift();
      run.push(next.bytes);
      endsSequence = isSequenceEnd(next.bytes);
    }
    return { bytes: new Uint8Array(run.length === 1 ? run[0] : Buffer.concat(run)), endsSequence };
  }

  private unlock() {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    // A client that vanished mid-transaction must not leave it open for the next one.
    if (this.release && this.db.isInTransaction()) await this.db.exec("ROLLBACK").catch(() => {});
    this.unlock();
  }
}

export class PGliteWireServer {
  private server: net.Server | null = null;
  private readonly lock = new SessionLock();
  private readonly clients = new Set<net.Socket>();

  private readonly db: PGlite;

  constructor(db: PGlite) {
    this.db = db;
  }

  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    await this.db.waitReady;
    this.server = net.createServer((socket) => {
      this.clients.add(socket);
      socket.on("close", () => this.clients.delete(socket));
      new ClientConnection(socket, this.db, this.lock);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    return (this.server.address() as net.AddressInfo).port;
  }

  /**
   * Runs `work` on the session between clients' sequences, when no
   * client's transaction is open (maintenance, embedded-autovacuum.ts).
   */
  async exclusive<T>(work: (db: PGlite) => Promise<T>): Promise<T> {
    const release = await this.lock.acquire();
    try {
      return await work(this.db);
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    for (const socket of this.clients) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
