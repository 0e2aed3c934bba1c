import type http from 'node:http';
import type net from 'node:net';

/**
 * A cap on open connections that a slowloris cannot turn against the scrapers. Every TCP connection is
 * counted from accept; when a new one would pass the cap, the oldest connection that has not sent a complete
 * request yet (a slowloris holds exactly those) is closed, then the oldest idle keep-alive one; only when
 * every open connection is busy answering a request is the new one refused. Together with the header and
 * request timeouts this bounds sockets, and so memory, whatever clients do.
 */
type State = 'new' | 'busy' | 'idle';

export interface GuardStats {
  open: number;
  /** Connections closed to make room, since start. */
  evicted: number;
  /** Connections refused because every slot was busy, since start. */
  refused: number;
}

export class ConnectionGuard {
  // Insertion order is accept order: the first entry in a state is the oldest.
  private readonly sockets = new Map<net.Socket, State>();
  private evicted = 0;
  private refused = 0;

  constructor(private readonly max: number) {}

  /** Start guarding a server: call before it listens. */
  attach(server: http.Server): void {
    server.on('connection', (socket: net.Socket) => this.accept(socket));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const raw = rawSocket(req.socket);
      if (!this.sockets.has(raw)) return;
      this.move(raw, 'busy');
      res.on('finish', () => {
        if (this.sockets.has(raw) && !raw.destroyed) this.move(raw, 'idle');
      });
    });
  }

  stats(): GuardStats {
    return { open: this.sockets.size, evicted: this.evicted, refused: this.refused };
  }

  private accept(socket: net.Socket): void {
    if (this.sockets.size >= this.max && !this.makeRoom()) {
      this.refused++;
      socket.destroy();
      return;
    }
    this.sockets.set(socket, 'new');
    socket.once('close', () => this.sockets.delete(socket));
  }

  private move(socket: net.Socket, state: State): void {
    // Re-insert so the order within a state stays the order of the last change.
    this.sockets.delete(socket);
    this.sockets.set(socket, state);
  }

  private makeRoom(): boolean {
    for (const want of ['new', 'idle'] as const) {
      for (const [s, state] of this.sockets) {
        if (state !== want) continue;
        this.sockets.delete(s);
        s.destroy();
        this.evicted++;
        return true;
      }
    }
    return false;
  }
}

/**
 * The TCP socket under a request's socket: for https the request's socket is the TLS socket, which keeps the
 * accepted TCP socket as `_parent` (Node's tls internals; the request's own socket when absent).
 */
function rawSocket(s: net.Socket): net.Socket {
  return (s as net.Socket & { _parent?: net.Socket })._parent ?? s;
}
