import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export interface RotatingFileOptions {
  dir: string;
  /** File name of the current file; rotated files get `.1` (newest) … `.maxFiles` (oldest). */
  name?: string;
  /** Rotate once the current file would grow past this many bytes. */
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  maxFiles: number;
}

/**
 * An append-only log file that rotates by size and keeps `maxFiles` old files. Writes are synchronous, so a line
 * logged just before a crash is on disk, and pino can use it as its destination (it only needs `write`). A line is
 * never split across two files.
 */
export class RotatingFile {
  readonly path: string;
  readonly #options: Required<RotatingFileOptions>;
  #fd: number | undefined;
  #size = 0;

  constructor(options: RotatingFileOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError("maxBytes must be above 0");
    if (!Number.isInteger(options.maxFiles) || options.maxFiles < 1) throw new RangeError("maxFiles must be 1 or more");
    this.#options = { name: "cpwoo.log", ...options };
    mkdirSync(options.dir, { recursive: true });
    this.path = join(options.dir, this.#options.name);
    this.#open();
  }

  write(chunk: string | Uint8Array): boolean {
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (this.#fd === undefined) this.#open();
    // An empty file takes any line, however long, so an oversized line cannot rotate forever.
    if (this.#size > 0 && this.#size + data.byteLength > this.#options.maxBytes) this.rotate();
    const fd = this.#fd;
    if (fd === undefined) return false;
    let offset = 0;
    while (offset < data.byteLength) offset += writeSync(fd, data, offset);
    this.#size += data.byteLength;
    return true;
  }

  /** Closes the current file and shifts the old ones: cpwoo.log → .1 → .2 …; the oldest beyond maxFiles goes. */
  rotate(): void {
    this.#close();
    const { maxFiles } = this.#options;
    rmSync(`${this.path}.${maxFiles}`, { force: true });
    for (let n = maxFiles - 1; n >= 1; n--) {
      const from = `${this.path}.${n}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${n + 1}`);
    }
    if (existsSync(this.path)) renameSync(this.path, `${this.path}.1`);
    this.#open();
  }

  /** pino calls this (through its multistream) when flushing; writes are synchronous already. */
  flushSync(): void {}

  end(): void {
    this.#close();
  }

  #open(): void {
    this.#fd = openSync(this.path, "a");
    this.#size = fstatSync(this.#fd).size;
  }

  #close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
